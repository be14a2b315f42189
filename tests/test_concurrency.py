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

from tests.conftest import MakeDatabase
from tests.servers import bearer, prepare, serving

WRITERS = 32
WRITES_EACH = 6


@pytest.fixture
def served(make_database: MakeDatabase, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = prepare(make_database("busy"))
    with serving(env, tmp_path / "server.log") as base:
        yield base, bearer(env)


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


class Writers:
    """WRITERS threads, each posting WRITES_EACH items with the retries and twins of a busy
    client; what each key was answered with, and what went wrong."""

    def __init__(self, base: str, auth: dict[str, str], indicators: list[int]) -> None:
        self.base, self.auth, self.indicators = base, auth, indicators
        self.acknowledged: dict[str, set[int]] = {}
        self.failures: list[str] = []
        self.lock = threading.Lock()
        self.start = threading.Barrier(WRITERS)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=self.auth, timeout=60)

    def run(self) -> None:
        threads = [threading.Thread(target=self.writer, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)

    def writer(self, n: int) -> None:
        try:
            with self.client() as http:
                self.start.wait()
                for k in range(WRITES_EACH):
                    self.write_once(http, n, k)
        except Exception as exc:  # collected: an assertion in a thread would be lost
            self.failures.append(repr(exc))

    def write_once(self, http: httpx.Client, n: int, k: int) -> None:
        key = f"w{n}-{k}-{uuid.uuid4().hex[:6]}"
        indicator = self.indicators[(n + k) % len(self.indicators)]
        body: dict[str, object] = {"title": f"Item {n}.{k}", "assessment": {"verdict": "meets"}}
        url = f"/api/v1/indicators/{indicator}/evidence"
        ids: set[int] = set()
        twin = None
        if k % 3 == 0:  # the same request sent twice at the same moment
            twin = threading.Thread(target=self.post_alone, args=(url, body, key, ids))
            twin.start()
        ids.add(post_until_answered(http, url, body, key))
        if k % 2 == 0:  # a retry, as after a timeout: must not write again
            ids.add(post_until_answered(http, url, body, key))
        if twin is not None:
            twin.join()
        with self.lock:
            self.acknowledged[key] = ids

    def post_alone(self, url: str, body: Mapping[str, object], key: str, ids: set[int]) -> None:
        with self.client() as own:
            ids.add(post_until_answered(own, url, body, key))


def test_concurrent_writers_with_retries_write_each_item_once(
    served: tuple[str, dict[str, str]],
) -> None:
    base, auth = served
    report = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021", headers=auth).json()
    indicators = [i["id"] for r in report["recommendations"] for i in r["indicators"]]
    writers = Writers(base, auth, indicators)
    writers.run()
    assert not writers.failures, writers.failures[:5]
    assert len(writers.acknowledged) == WRITERS * WRITES_EACH
    assert all(len(ids) == 1 for ids in writers.acknowledged.values()), "a retry wrote twice"
    written = [next(iter(ids)) for ids in writers.acknowledged.values()]
    assert len(set(written)) == len(written)
    assert_stored_once(base, auth, indicators, written)


def assert_stored_once(
    base: str, auth: dict[str, str], indicators: list[int], written: list[int]
) -> None:
    """The record holds every acknowledged write once, and nothing else."""
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
