"""Fixtures: a migrated database on each backend, the app over it, the seeded report."""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from app.access.roles import Role
from app.config import Settings
from app.db import Database
from app.main import create_app
from app.migrate import upgrade
from tests.fakes import FakeClock
from tests.postgres import (
    PostgresUnavailable,
    admin_url,
    create_database,
    drop_database,
    sqlite_url,
)
from tests.records import SEED_FILE, issue, load_file, runtime

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
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend under test: every test that needs a database runs on SQLite and,
    marked `postgres`, on PostgreSQL."""
    name: str = request.param
    return name


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database of the backend under test."""
    if backend == "sqlite":
        path = tmp_path / "followup.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield sqlite_url(path)
    else:
        url: str = request.getfixturevalue("postgres_database")
        yield url
        empty_postgres(url)


MakeDatabase = Callable[[str], str]


@pytest.fixture
def make_database(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> Iterator[MakeDatabase]:
    """Makes new, empty (unmigrated) databases of the backend under test, by name; those on
    PostgreSQL are dropped afterwards."""
    admin = request.getfixturevalue("postgres_admin") if backend == "postgresql" else None
    made: list[str] = []

    def make(name: str) -> str:
        if admin is None:
            return sqlite_url(tmp_path / f"{name}.db")
        url = create_database(admin, prefix=f"followup_{name}")
        made.append(url)
        return url

    yield make
    for url in made:
        assert admin is not None
        drop_database(admin, url)


@pytest.fixture
def early_status_answers() -> bool:
    """Whether polls of current status are answered before routing; the status and polling
    suites run both ways (they parametrize this name)."""
    return True


@pytest.fixture
def settings(database_url: str, early_status_answers: bool) -> Settings:
    return Settings(database_url=database_url, early_status_answers=early_status_answers)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = Database.from_settings(settings)
    yield database
    database.dispose()


@pytest.fixture
def admin_token(database: Database) -> str:
    return issue(database, "tester", Role.ADMIN)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(settings: Settings, admin_token: str) -> Iterator[TestClient]:
    """An HTTP client over the app, signed in as an admin named "tester"."""
    with TestClient(create_app(settings)) as client:
        client.headers["Authorization"] = f"Bearer {admin_token}"
        yield client


@pytest.fixture
def clocked(settings: Settings, admin_token: str, clock: FakeClock) -> Iterator[TestClient]:
    """Like `client`, for an app whose time is `clock`'s."""
    with TestClient(create_app(settings, clock=clock)) as client:
        client.headers["Authorization"] = f"Bearer {admin_token}"
        yield client


@pytest.fixture
def seeded(request: pytest.FixtureRequest, database: Database, clock: FakeClock) -> int:
    """Load the OIOS report on UNODC; returns its report id. When the test also has a client,
    the app hears of the load at once, as of a load through its own process (a write through
    another process reaches it within CHECK_EVERY_SECONDS: see tests/test_instances.py)."""
    outcome = load_file(database, SEED_FILE, clock=clock)  # recorded in the tests' time
    for name in ("client", "clocked"):
        if name in request.fixturenames:
            runtime(request.getfixturevalue(name)).status.saw_write()
    return outcome.report_id
