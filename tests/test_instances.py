"""Two server processes on one database behave as one service: same data, status and ETag."""

import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from app.status_reads.versions import CHECK_EVERY_SECONDS
from tests.conftest import MakeDatabase
from tests.servers import bearer, prepare, serving


@pytest.fixture
def two_servers(
    make_database: MakeDatabase, tmp_path: Path
) -> Iterator[tuple[str, str, dict[str, str]]]:
    # Migrations run once, as a separate step, before any instance starts.
    env = prepare(make_database("pair"))
    with ExitStack() as stack:
        first = stack.enter_context(serving(env, tmp_path / "first.log"))
        second = stack.enter_context(serving(env, tmp_path / "second.log"))
        yield first, second, bearer(env)


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
