"""Two server processes on one database behave as one service: same data, status and ETag."""

import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from app.status_reads.versions import CHECK_EVERY_SECONDS
from tests.postgres import PostgresUnavailable, admin_url, create_database, drop_database
from tests.servers import bearer, prepare, serving


@pytest.fixture(params=["postgresql", "sqlite"])
def two_servers(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, str, dict[str, str]]]:
    admin = None
    if request.param == "postgresql":
        try:
            admin = admin_url()
        except PostgresUnavailable as exc:
            pytest.skip(f"PostgreSQL tests skipped: {exc}")
        url = create_database(admin, prefix="followup_pair")
    else:
        url = f"sqlite:///{tmp_path / 'shared.db'}"
    env = prepare(url)  # migrations run once, as a separate step, before any instance starts
    try:
        with ExitStack() as stack:
            first = stack.enter_context(serving(env, tmp_path / "first.log"))
            second = stack.enter_context(serving(env, tmp_path / "second.log"))
            yield first, second, bearer(env)
    finally:
        if admin is not None:
            drop_database(admin, url)


def test_a_write_through_one_instance_reads_the_same_through_the_other(
    two_servers: tuple[str, str, dict[str, str]],
) -> None:
    first, second, auth = two_servers
    status = "/api/v1/reports/oios-unodc-2021/status"
    with httpx.Client(headers=auth, timeout=30) as http:
        before = http.get(second + status)
        assert before.headers["etag"] == http.get(first + status).headers["etag"]
        report = http.get(f"{first}/api/v1/reports/oios-unodc-2021").json()
        r2b = report["recommendations"][1]["indicators"][1]["id"]
        created = http.post(
            f"{first}/api/v1/indicators/{r2b}/evidence",
            json={"title": "Programme alignment review", "assessment": {"verdict": "meets"}},
        )
        assert created.status_code == 201
        through_second = http.get(f"{second}/api/v1/evidence/{created.json()['id']}")
        assert through_second.json() == created.json()
        time.sleep(CHECK_EVERY_SECONDS * 1.5)  # the documented bound on another instance's view
        a, b = http.get(first + status), http.get(second + status)
        assert a.headers["etag"] == b.headers["etag"] != before.headers["etag"]
        assert a.content == b.content
        assert b.json()["recommendation_counts"]["partially_implemented"] == 1
        cached = http.get(second + status, headers={"If-None-Match": a.headers["etag"]})
        assert cached.status_code == 304
