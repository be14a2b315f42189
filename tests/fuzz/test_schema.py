"""Schemathesis over the whole OpenAPI schema: no input makes a 5xx, and every answer
conforms to the schema (status codes, content types, bodies, headers)."""

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks

from app.access.roles import Role
from app.config import Settings
from app.db import Database
from app.main import create_app
from app.migrate import upgrade
from tests.postgres import PostgresUnavailable, admin_url, create_database, drop_database
from tests.records import SEED_FILE, issue, load_file

EXAMPLES_PER_OPERATION = 15
# Operations whose input carries rules JSON Schema cannot state (a spreadsheet's cells, a report
# file's unique numbers, a history's period: `from` after `to`, or more than 1,000 points; a
# token name's invisible characters and look-alikes of other names; a day that may not be in
# the future, which no schema can say of "today"; a URL's host with Unicode spaces, such as
# U+0085, that JSON Schema's \s does not match; the entities a scope names, which must exist):
# a schema-valid request may rightly be refused with 422. Every other check (no 5xx, answers
# as described) still runs on them.
CONTENT_CHECKED = {
    "POST /api/v1/reports",
    "POST /api/v1/tokens",
    "POST /api/v1/webhooks",
    "POST /api/v1/subscriptions",
    "POST /api/v1/reports/{report_id}/imports",
    "GET /api/v1/reports/{report_id}/status/history",
    "POST /api/v1/recommendations/{recommendation_id}/target-date-changes",
    "POST /api/v1/recommendations/{recommendation_id}/assessments",
    "POST /api/v1/recommendations/{recommendation_id}/progress-reports",
    "POST /api/v1/recommendations/{recommendation_id}/evidence",
    "POST /api/v1/indicators/{indicator_id}/evidence",
    "POST /api/v1/indicators/{indicator_id}/assessments",
}


def _choose_database() -> tuple[str, str | None]:
    """PostgreSQL when there is one (the stricter backend about values), else SQLite."""
    try:
        admin = admin_url()
    except PostgresUnavailable:
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'fuzz.db'}", None
    return create_database(admin, prefix="followup_fuzz"), admin


URL, ADMIN = _choose_database()
APP = create_app(Settings(database_url=URL))
# The schema straight from the app, without starting it: loading it over ASGI would run the
# app's lifespan at import time, against a database not yet migrated, with a background thread
# logging a traceback while pytest parses modules (on Python 3.11 both use the parser's shared
# state, and a clash fails the run with "AST constructor recursion depth mismatch").
SCHEMA = schemathesis.openapi.from_dict(APP.openapi())
SCHEMA.app = APP  # cases are sent to the app in-process, as from_asgi would arrange
SCHEMA.location = "/openapi.json"
OPERATIONS = {
    operation.label: operation
    for operation in (result.ok() for result in SCHEMA.get_all_operations())  # type: ignore[union-attr]
}


@pytest.fixture(scope="module")
def token() -> Iterator[str]:
    """The database seeded, an admin token issued, and the app started, for the module."""
    upgrade(URL)
    database = Database.from_settings(Settings(database_url=URL))
    load_file(database, SEED_FILE)
    secret = issue(database, "fuzzer", Role.ADMIN)
    database.dispose()
    with TestClient(APP):  # runs the lifespan: the app's database is open while fuzzing
        yield secret
    if ADMIN is not None:
        drop_database(ADMIN, URL)


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_input_breaks_the_api(token: str, label: str) -> None:
    operation = OPERATIONS[label]

    @given(case=operation.as_strategy(), data=st.data())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case, data: st.DataObject) -> None:  # type: ignore[type-arg]
        excluded = [checks.positive_data_acceptance] if label in CONTENT_CHECKED else []
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded
        )

    check()
