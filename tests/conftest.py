"""Fixtures: a migrated database on each backend, the app over it, the seeded report."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from app.access.roles import Role
from app.config import Settings
from app.db import Database
from app.loading.files import read_report_file
from app.loading.loader import load_report
from app.main import create_app
from app.migrate import upgrade
from app.services.tokens import issue_token
from tests.postgres import (
    PostgresUnavailable,
    admin_url,
    create_database,
    drop_database,
    sqlite_url,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seed_data" / "oios-unodc-2021.yaml"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test: faster than migrating every time."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(sqlite_url(path))
    return path


@pytest.fixture(scope="session")
def postgres_admin() -> str:
    try:
        return admin_url()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")


@pytest.fixture(scope="session")
def postgres_database(postgres_admin: str) -> Iterator[str]:
    """A throwaway database for this run, migrated once and emptied after each test."""
    url = create_database(postgres_admin)
    upgrade(url)
    yield url
    drop_database(postgres_admin, url)


def empty_postgres(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "followup.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield sqlite_url(path)
    else:
        url: str = request.getfixturevalue("postgres_database")
        yield url
        empty_postgres(url)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = Database.from_settings(settings)
    yield database
    database.dispose()


def issue(database: Database, name: str, role: Role) -> str:
    """A token made directly in the database, as `followup token create` makes one."""
    with database.write_session() as session:
        return issue_token(session, name=name, role=role, actor="tests", replace=True).token


@pytest.fixture
def admin_token(database: Database) -> str:
    return issue(database, "tester", Role.ADMIN)


@pytest.fixture
def client(settings: Settings, admin_token: str) -> Iterator[TestClient]:
    """An HTTP client over the app, signed in as an admin named "tester"."""
    with TestClient(create_app(settings)) as client:
        client.headers["Authorization"] = f"Bearer {admin_token}"
        yield client


@pytest.fixture
def seeded(request: pytest.FixtureRequest, database: Database) -> int:
    """Load the OIOS report on UNODC; returns its report id. When the test also has a client,
    the app hears of the load at once, as of a load through its own process (a write through
    another process would reach it within CHECK_EVERY_SECONDS: see tests/test_instances.py)."""
    with database.write_session() as session:
        outcome = load_report(session, read_report_file(SEED_FILE), actor="seed")
    if "client" in request.fixturenames:
        client: TestClient = request.getfixturevalue("client")
        client.app.state.database.versions.invalidate()  # type: ignore[attr-defined]
    return outcome.report_id
