"""Safe retries: the same Idempotency-Key and body give the first answer, never a second write."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from app.clock import SYSTEM_CLOCK
from app.db import Database
from app.models import IdempotencyRecord
from tests.assertions import assert_problem
from tests.builders import indicator_ids, signed


def evidence_total(client: TestClient, indicator: int) -> int:
    page = client.get(f"/api/v1/indicators/{indicator}/evidence", params={"include": "all"})
    total: int = page.json()["total"]
    return total


def test_a_retried_post_is_answered_once(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R1.a"]
    url = f"/api/v1/indicators/{ind}/evidence"
    key = {"Idempotency-Key": "retry-7f3a"}
    first = client.post(url, json={"title": "Strategy"}, headers=key)
    again = client.post(url, json={"title": "Strategy"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert evidence_total(client, ind) == 1


def test_the_same_key_with_another_body_is_422(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R1.b"]
    url = f"/api/v1/indicators/{ind}/evidence"
    key = {"Idempotency-Key": "k-1"}
    assert client.post(url, json={"title": "A"}, headers=key).status_code == 201
    assert_problem(
        client.post(url, json={"title": "B"}, headers=key), 422, "header.idempotency-key"
    )
    assert evidence_total(client, ind) == 1


def test_keys_belong_to_their_token(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R2.a"]
    url = f"/api/v1/indicators/{ind}/evidence"
    mine = client.post(url, json={"title": "A"}, headers={"Idempotency-Key": "shared"})
    theirs = client.post(
        url,
        json={"title": "A"},
        headers={"Idempotency-Key": "shared", **signed(client, "someone.else", "contributor")},
    )
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]


def test_a_refused_request_does_not_use_up_its_key(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R2.b"]
    url = f"/api/v1/indicators/{ind}/evidence"
    key = {"Idempotency-Key": "fix-and-retry"}
    assert_problem(client.post(url, json={"title": ""}, headers=key), 422)
    assert client.post(url, json={"title": "Fixed"}, headers=key).status_code == 201


def test_without_a_key_each_post_writes(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R2.c"]
    url = f"/api/v1/indicators/{ind}/evidence"
    client.post(url, json={"title": "A"})
    client.post(url, json={"title": "A"})
    assert evidence_total(client, ind) == 2


def test_a_bad_key_is_422(client: TestClient, seeded: int) -> None:
    url = f"/api/v1/indicators/{indicator_ids(client)['R3.a']}/evidence"
    response = client.post(url, json={"title": "A"}, headers={"Idempotency-Key": "x" * 256})
    assert_problem(response, 422, "header.idempotency-key")


def test_a_write_whose_answer_was_lost_is_never_repeated(
    client: TestClient, seeded: int, database: Database, admin_token: str
) -> None:
    """A crash after the write committed leaves its key applied but unanswered."""
    import hashlib

    url = f"/api/v1/indicators/{indicator_ids(client)['R3.a']}/evidence"
    principal = hashlib.sha256(admin_token.encode()).hexdigest()
    client.post(url, json={"title": "A"}, headers={"Idempotency-Key": "crashed"})
    with database.write_session() as session:
        record = session.exec(
            select(IdempotencyRecord).where(IdempotencyRecord.principal == principal)
        ).one()
        record.status, record.applied = None, True
        record.created_at = SYSTEM_CLOCK.now() - timedelta(minutes=5)
        session.commit()
    response = client.post(url, json={"title": "A"}, headers={"Idempotency-Key": "crashed"})
    assert_problem(response, 409)
    assert evidence_total(client, indicator_ids(client)["R3.a"]) == 1
