"""A revoked token stops working on every instance within one check of the data versions
(issue 13, finding 9), not after the token cache's few seconds."""

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.status_reads.versions import CHECK_EVERY_SECONDS
from tests.fakes import FakeClock


def test_a_revocation_on_one_instance_holds_on_another_within_one_check(
    settings: Settings, admin_token: str, seeded: int
) -> None:
    clock = FakeClock()
    admin = {"Authorization": f"Bearer {admin_token}"}
    with (
        TestClient(create_app(settings, clock=clock)) as first,
        TestClient(create_app(settings, clock=clock)) as second,
    ):
        made = first.post(
            "/api/v1/tokens", json={"name": "leaver", "role": "viewer"}, headers=admin
        )
        assert made.status_code == 201, made.text
        leaver = {"Authorization": f"Bearer {made.json()['token']}"}
        assert second.get("/api/v1/reports", headers=leaver).status_code == 200  # remembered
        revoked = first.post(f"/api/v1/tokens/{made.json()['id']}/revocation", headers=admin)
        assert revoked.status_code == 200, revoked.text
        assert first.get("/api/v1/reports", headers=leaver).status_code == 401
        # The token cache alone would keep the token for seconds; one check of the versions
        # later, the other instance has forgotten it.
        clock.advance(CHECK_EVERY_SECONDS)
        second.get("/api/v1/status", headers=admin)  # a status read re-checks the versions
        assert second.get("/api/v1/reports", headers=leaver).status_code == 401
