"""Finding or starting a PostgreSQL server for the tests, and throwaway databases on it."""

import getpass
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

SOCKET_DIR = "/var/run/postgresql"
ENV_URL = "FOLLOWUP_TEST_POSTGRES_URL"


class PostgresUnavailable(Exception):
    pass


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)


def _local_cluster_url() -> str:
    """Start the Debian cluster if it is stopped, and make sure we have a superuser role."""
    if shutil.which("pg_lsclusters") is None or shutil.which("pg_ctlcluster") is None:
        raise PostgresUnavailable(
            f"no PostgreSQL here: set {ENV_URL} or install postgresql (pg_ctlcluster not found)"
        )
    clusters = _run("pg_lsclusters", "--no-header").stdout.split()
    if len(clusters) < 4:
        raise PostgresUnavailable("pg_lsclusters lists no PostgreSQL cluster")
    version, name, status = clusters[0], clusters[1], clusters[3]
    if status != "online":
        started = _run("pg_ctlcluster", version, name, "start")
        if started.returncode != 0:
            raise PostgresUnavailable(f"pg_ctlcluster {version} {name} start: {started.stderr}")
    user = getpass.getuser()
    if user != "postgres" and os.geteuid() == 0 and shutil.which("runuser"):
        # Peer authentication maps OS users to roles: give this OS user a role of its own.
        _run(
            "runuser",
            "-u",
            "postgres",
            "--",
            "psql",
            "-qc",
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{user}') "
            f'THEN CREATE ROLE "{user}" SUPERUSER LOGIN; END IF; END $$;',
        )
    return f"postgresql+psycopg://{user}@/postgres?host={SOCKET_DIR}"


def admin_url() -> str:
    """A URL to a maintenance database with the right to create databases."""
    url = os.environ.get(ENV_URL) or _local_cluster_url()
    try:
        with psycopg.connect(_libpq(url), connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        raise PostgresUnavailable(f"cannot connect to PostgreSQL at {url}: {exc}") from exc
    return url


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(admin: str, prefix: str = "followup_test") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(admin), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def drop_database(admin: str, url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(_libpq(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
