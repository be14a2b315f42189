"""Webhooks delivered to a real receiver: signed by the Standard Webhooks convention and
verifiable with the receiver's secret; retried until a receiver that was down takes them;
logged with status and latency; only the kinds and the scope asked for."""

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from standardwebhooks.webhooks import Webhook as Verifier
from standardwebhooks.webhooks import WebhookVerificationError

from app.config import Settings
from app.main import create_app
from app.models import Notice
from tests.builders import indicator_ids, recommendation_ids
from tests.records import runtime
from tests.scopes.portfolio import other_entitys_report
from tests.webhooks.receiver import eventually, receiver


@pytest.fixture
def fast(settings: Settings, admin_token: str, seeded: int) -> Iterator[TestClient]:
    """An app that looks for deliveries often and retries within a fraction of a second."""
    quick = settings.model_copy(
        update={"webhook_poll_seconds": 0.05, "webhook_retry_seconds": "0.1,0.2"}
    )
    with TestClient(create_app(quick)) as client:
        client.headers["Authorization"] = f"Bearer {admin_token}"
        yield client


def register(client: TestClient, url: str, **fields: object) -> dict[str, object]:
    made = client.post(
        "/api/v1/webhooks", json={"url": url, "kinds": ["evidence_recorded"], **fields}
    )
    assert made.status_code == 201, made.text
    created: dict[str, object] = made.json()
    return created


def test_an_event_is_signed_and_verifiable_with_the_secret(fast: TestClient) -> None:
    with receiver() as (url, got):
        hook = register(fast, url)
        ind = indicator_ids(fast)["R1.a"]
        item = fast.post(f"/api/v1/indicators/{ind}/evidence", json={"title": "Strategy"}).json()
        fast.post(f"/api/v1/evidence/{item['id']}/assessments", json={"verdict": "meets"})
        eventually(lambda: len(got.requests) == 1)
        time.sleep(0.3)
        assert len(got.requests) == 1  # the assessment is not a kind it asked for
        headers, body = got.requests[0]
        verified = Verifier(str(hook["secret"])).verify(body, headers)
        assert verified["type"] == "evidence_recorded"
        assert verified["data"]["entity_id"] == item["id"]
        assert verified["data"]["after"]["title"] == "Strategy"
        assert headers["webhook-id"] == f"chg_{verified['data']['change_id']}"
        with pytest.raises(WebhookVerificationError):
            Verifier("whsec_" + "A" * 44).verify(body, headers)


def test_a_receiver_that_was_down_gets_every_event_once_back(fast: TestClient) -> None:
    with receiver(refuse_first=3) as (url, got):
        hook = register(fast, url)
        ind = indicator_ids(fast)["R2.a"]
        for n in range(2):
            fast.post(f"/api/v1/indicators/{ind}/evidence", json={"title": f"Item {n}"})
        eventually(lambda: len(got.requests) == 2)
        titles = sorted(json.loads(body)["data"]["after"]["title"] for _, body in got.requests)
        assert titles == ["Item 0", "Item 1"]
        assert got.refused == 3
        log = fast.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()["items"]
        assert {d["state"] for d in log} == {"delivered"}
        assert sum(d["attempts"] for d in log) == 5
        assert all(d["last_status"] == 204 and d["last_latency_ms"] >= 0 for d in log)
        again = fast.post(f"/api/v1/webhooks/{hook['id']}/deliveries/{log[0]['id']}/redelivery")
        assert again.status_code == 200
        eventually(lambda: len(got.requests) == 3)


def test_only_the_scope_asked_for(fast: TestClient) -> None:
    with receiver() as (url, got):
        loaded = fast.post("/api/v1/reports", json=other_entitys_report())
        assert loaded.status_code == 201
        register(fast, url, entities=["UNDP"])
        ours = indicator_ids(fast)["R1.a"]
        theirs = indicator_ids(fast, "jiu-undp-2024")["R1.a"]
        fast.post(f"/api/v1/indicators/{ours}/evidence", json={"title": "UNODC's"})
        fast.post(f"/api/v1/indicators/{theirs}/evidence", json={"title": "UNDP's"})
        eventually(lambda: len(got.requests) >= 1)
        time.sleep(0.3)
        assert [json.loads(b)["data"]["after"]["title"] for _, b in got.requests] == ["UNDP's"]


def test_a_status_that_moved_reaches_the_receiver(fast: TestClient) -> None:
    parts = runtime(fast)
    with receiver() as (url, got):
        hook = register(fast, url, kinds=["recommendation_status_changed"])
        rec = recommendation_ids(fast)["R1"]

        def looked() -> bool:  # the watcher's first look: where each recommendation stands
            with parts.database.read_session() as session:
                return len(session.exec(select(Notice.id)).all()) >= 3

        eventually(looked)
        fast.post(
            f"/api/v1/recommendations/{rec}/assessments",
            json={"status": "implemented", "source_ref": "A/78/5"},
        )
        eventually(lambda: len(got.requests) == 1)
        headers, body = got.requests[0]
        verified = Verifier(str(hook["secret"])).verify(body, headers)
        assert verified["type"] == "recommendation_status_changed"
        assert verified["data"]["status"] == "implemented"
        assert verified["data"]["actor"] == "followup"
