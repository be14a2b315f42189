"""32 writers at once through a real uvicorn, retrying with Idempotency-Keys as scripts do:
every acknowledged write is in the record exactly once, and the status agrees with it."""

import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest

from tests.postgres import PostgresUnavailable, admin_url, create_database, drop_database
from tests.servers import bearer, prepare, serving

WRITERS = 32
WRITES_EACH = 6


@pytest.fixture(params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'busy.db'}"
    else:
        try:
            admin = admin_url()
        except PostgresUnavailable as exc:
            pytest.skip(f"PostgreSQL tests skipped: {exc}")
        url = create_database(admin, prefix="followup_busy")
    env = prepare(url)
    try:
        with serving(env, tmp_path / "server.log") as base:
            yield base, bearer(env)
    finally:
        if admin is not None:
            drop_database(admin, url)


def post_until_answered(http: httpx.Client, url: str, body: Mapping[str, object], key: str) -> int:
    """Send, and resend with the same key while the first attempt is still in flight."""
    for _ in range(200):
        response = http.post(url, json=body, headers={"Idempotency-Key": key})
        if response.status_code == 409 and "still being answered" in response.text:
            time.sleep(0.02)
            continue
        assert response.status_code == 201, response.text
        evidence_id: int = response.json()["id"]
        return evidence_id
    raise AssertionError(f"key {key} was never answered")


def test_concurrent_writers_with_retries_write_each_item_once(
    served: tuple[str, dict[str, str]],
) -> None:
    base, auth = served
    report = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021", headers=auth).json()
    indicators = [i["id"] for r in report["recommendations"] for i in r["indicators"]]
    acknowledged: dict[str, set[int]] = {}
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(WRITERS)

    def post_alone(url: str, body: Mapping[str, object], key: str, ids: set[int]) -> None:
        with httpx.Client(base_url=base, headers=auth, timeout=60) as own:
            ids.add(post_until_answered(own, url, body, key))

    def writer(n: int) -> None:
        try:
            with httpx.Client(base_url=base, headers=auth, timeout=60) as http:
                start.wait()
                for k in range(WRITES_EACH):
                    key = f"w{n}-{k}-{uuid.uuid4().hex[:6]}"
                    indicator = indicators[(n + k) % len(indicators)]
                    body: dict[str, object] = {
                        "title": f"Item {n}.{k}",
                        "assessment": {"verdict": "meets"},
                    }
                    url = f"/api/v1/indicators/{indicator}/evidence"
                    ids: set[int] = set()
                    twin = None
                    if k % 3 == 0:  # the same request sent twice at the same moment
                        twin = threading.Thread(target=post_alone, args=(url, body, key, ids))
                        twin.start()
                    ids.add(post_until_answered(http, url, body, key))
                    if k % 2 == 0:  # a retry, as after a timeout: must not write again
                        ids.add(post_until_answered(http, url, body, key))
                    if twin is not None:
                        twin.join()
                    with lock:
                        acknowledged[key] = ids
        except Exception as exc:  # collected: an assertion in a thread would be lost
            failures.append(repr(exc))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures[:5]
    assert len(acknowledged) == WRITERS * WRITES_EACH
    assert all(len(ids) == 1 for ids in acknowledged.values()), "a retry wrote a second item"
    written = [next(iter(ids)) for ids in acknowledged.values()]
    assert len(set(written)) == len(written)

    with httpx.Client(base_url=base, headers=auth, timeout=60) as http:
        stored = Counter[int]()
        for indicator in indicators:
            page = http.get(
                f"/api/v1/indicators/{indicator}/evidence", params={"limit": 500, "include": "all"}
            ).json()
            stored.update(item["id"] for item in page["items"])
        assert set(stored) == set(written), "every acknowledged write, and nothing else"
        assert max(stored.values()) == 1
        status = http.get("/api/v1/reports/oios-unodc-2021/status").json()
        assert status["indicator_counts"]["met"] == len(indicators)
        assert status["recommendation_counts"]["implemented"] == 3
        feed = http.get("/api/v1/changes", params={"limit": 500, "report_id": 1}).json()
        recorded = [c for c in feed["items"] if c["kind"] == "evidence_recorded"]
        assert len(recorded) == len(written)


RIVALS = 12


def test_rivals_naming_one_external_id_at_once_get_one_item_and_the_rest_409(
    served: tuple[str, dict[str, str]],
) -> None:
    """Sent at the same moment, they are committed together or one after another: either way
    the first takes the id, every other one is refused alone, and none is half-written."""
    base, auth = served
    report = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021", headers=auth).json()
    indicator = report["recommendations"][0]["indicators"][0]["id"]
    url = f"/api/v1/indicators/{indicator}/evidence"
    codes: list[int] = []
    start = threading.Barrier(RIVALS)

    def rival(n: int) -> None:
        with httpx.Client(base_url=base, headers=auth, timeout=60) as http:
            start.wait()
            response = http.post(url, json={"title": f"Rival {n}", "external_id": "shared"})
            codes.append(response.status_code)

    threads = [threading.Thread(target=rival, args=(n,)) for n in range(RIVALS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(codes) == [201] + [409] * (RIVALS - 1)
    with httpx.Client(base_url=base, headers=auth, timeout=60) as http:
        items = http.get(url, params={"include": "all"}).json()["items"]
        feed = http.get("/api/v1/changes", params={"limit": 500, "report_id": 1}).json()
    assert [item["external_id"] for item in items] == ["shared"]
    recorded = [c for c in feed["items"] if c["kind"] == "evidence_recorded"]
    assert [c["entity_id"] for c in recorded] == [items[0]["id"]]
