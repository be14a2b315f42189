"""Fixtures of the import tests: a way to see that the record did not (or did) change."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.db import Database
from tests.evidence_sheets.sheets import Record, count_record


@pytest.fixture
def record(client: TestClient, database: Database, seeded: int) -> Callable[[], Record]:
    """Counts what the record holds now: evidence, verdicts, logged changes, imports."""
    return lambda: count_record(client, database)
