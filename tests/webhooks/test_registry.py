"""Registering webhooks: admins of the whole portfolio only (URLs and scopes name other
entities' reports), kinds checked against the list."""

from fastapi.testclient import TestClient

from tests.scopes.portfolio import scoped_token


def test_only_admins_of_the_whole_portfolio_see_or_register_webhooks(
    client: TestClient, seeded: int
) -> None:
    made = client.post(
        "/api/v1/webhooks",
        json={"url": "http://127.0.0.1:9/hook", "kinds": ["evidence_recorded"]},
    )
    assert made.status_code == 201, made.text
    auth = {"Authorization": f"Bearer {scoped_token(client, 'unodc', 'admin', entities=['UNODC'])}"}
    assert client.get("/api/v1/webhooks", headers=auth).status_code == 403
    hook = made.json()["id"]
    assert client.get(f"/api/v1/webhooks/{hook}/deliveries", headers=auth).status_code == 403
    refused = client.post(
        "/api/v1/webhooks",
        json={"url": "http://127.0.0.1:9/other", "kinds": ["evidence_recorded"]},
        headers=auth,
    )
    assert refused.status_code == 403
    assert [h["id"] for h in client.get("/api/v1/webhooks").json()["items"]] == [hook]


def test_a_kind_off_the_list_is_refused(client: TestClient, seeded: int) -> None:
    refused = client.post(
        "/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "kinds": ["everything"]}
    )
    assert refused.status_code == 422
    assert "kinds" in refused.text
    accepted = client.post(
        "/api/v1/webhooks",
        json={"url": "http://127.0.0.1:9/hook", "kinds": ["recommendation_overdue"]},
    )
    assert accepted.status_code == 201
