"""Heavy work has slots, an import has a time budget, and /ready tells when the worker pool
is saturated (issue 13: limits a public service keeps)."""

import threading
import time
from collections.abc import Callable

import anyio.to_thread
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.builders import REPORT
from tests.evidence_sheets.sheets import COLUMNS, Record, csv_bytes, upload
from tests.fakes import FakeClock
from tests.records import runtime

EXPORT = f"/api/v1/reports/{REPORT}/export.csv"


def test_an_export_beyond_the_callers_slots_gets_429(client: TestClient, seeded: int) -> None:
    heavy = runtime(client).heavy
    with heavy.slot("tester", "export"), heavy.slot("tester", "export"):
        refused = client.get(EXPORT)
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        assert "FOLLOWUP_MAX_HEAVY_PER_CALLER" in refused.json()["detail"]
        # Another caller still has slots of its own.
        assert upload(client, csv_bytes([COLUMNS]), actor="someone-else").status_code != 429
    assert client.get(EXPORT).status_code == 200  # the slots are free again


def test_imports_beyond_the_instances_slots_get_429(client: TestClient, seeded: int) -> None:
    heavy = runtime(client).heavy
    with (
        heavy.slot("a", "import"),
        heavy.slot("b", "import"),
        heavy.slot("c", "import"),
        heavy.slot("d", "import"),
    ):
        refused = upload(client, csv_bytes([COLUMNS]), dry_run=False)
        assert refused.status_code == 429
        assert "FOLLOWUP_MAX_HEAVY_PER_PROCESS" in refused.json()["detail"]
    assert upload(client, csv_bytes([COLUMNS])).status_code != 429


def test_an_import_over_its_time_budget_is_refused_whole(
    settings: Settings, admin_token: str, seeded: int, record: Callable[[], Record]
) -> None:
    rows = [COLUMNS] + [
        [REPORT, "R1.a", f"item {n}", "", "", "", "2026-01-01", f"x-{n}", "", "", ""]
        for n in range(5000)
    ]
    before = record()
    hurried = settings.model_copy(update={"import_time_budget_seconds": 0.001})
    with TestClient(create_app(hurried)) as client:
        client.headers["Authorization"] = f"Bearer {admin_token}"
        refused = upload(client, csv_bytes(rows), dry_run=False)
    assert refused.status_code == 422, refused.text
    assert "FOLLOWUP_IMPORT_TIME_BUDGET_SECONDS" in refused.text
    assert record() == before


def test_ready_turns_503_while_requests_wait_for_a_worker_thread(
    settings: Settings, seeded: int
) -> None:
    clock = FakeClock()
    release = threading.Event()
    with TestClient(create_app(settings, clock=clock)) as client:
        assert client.get("/ready").status_code == 200

        async def one_thread() -> None:
            anyio.to_thread.current_default_thread_limiter().total_tokens = 1

        async def hold() -> None:
            await anyio.to_thread.run_sync(release.wait)

        assert client.portal is not None
        client.portal.call(one_thread)
        for _ in range(2):  # one holds the only thread, the other waits for it
            client.portal.start_task_soon(hold)
        try:
            time.sleep(1)  # the watch samples the pool every quarter second
            clock.advance(settings.ready_saturation_seconds + 1)
            answer = client.get("/ready")
            assert answer.status_code == 503
            assert "worker thread" in answer.json()["detail"]
        finally:
            release.set()
        time.sleep(1)
        assert client.get("/ready").status_code == 200
