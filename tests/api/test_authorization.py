"""Who may do what: every write path against every role, and anonymous reads by setting."""

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.builders import indicator_ids, post_evidence, recommendation_ids, signed
from tests.postgres import sqlite_url
from tests.records import SEED_FILE

ROLES = ["viewer", "contributor", "evaluator", "admin"]


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only: who may do what does not depend on the database behind it."""
    path = tmp_path / "followup.db"
    shutil.copy(sqlite_template, path)
    return sqlite_url(path)


RANK = {role: n for n, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Call:
    """One request, built against the seeded report (ids are looked up when it runs)."""

    name: str
    needs: str
    send: Callable[[TestClient, dict[str, str]], Any]


def _ids(client: TestClient) -> dict[str, int]:
    ids: dict[str, int] = client.__dict__.setdefault("_fixture_ids", {})
    if not ids:
        ids.update(indicator_ids(client))
        ids.update({f"rec:{k}": v for k, v in recommendation_ids(client).items()})
        ids["evidence"] = post_evidence(client, ids["R1.a"], actor="setup")["id"]
        action = client.post(
            f"/api/v1/recommendations/{ids['rec:R1']}/actions", json={"description": "Plan"}
        ).json()
        ids["action"] = action["id"]
    return ids


def _patch_action(client: TestClient, auth: dict[str, str]) -> Any:
    url = f"/api/v1/actions/{_ids(client)['action']}"
    return client.patch(url, json={"responsible_unit": "PSU"}, headers={**auth, "If-Match": "*"})


SEED = json.loads(json.dumps(yaml.safe_load(SEED_FILE.read_text(encoding="utf-8")), default=str))
CALLS = [
    Call(
        "record evidence",
        "contributor",
        lambda c, h: c.post(
            f"/api/v1/indicators/{_ids(c)['R1.b']}/evidence", json={"title": "t"}, headers=h
        ),
    ),
    Call(
        "record evidence with a verdict",
        "evaluator",
        lambda c, h: c.post(
            f"/api/v1/indicators/{_ids(c)['R1.b']}/evidence",
            json={"title": "t", "assessment": {"verdict": "meets"}},
            headers=h,
        ),
    ),
    Call(
        "import a spreadsheet",
        "contributor",
        lambda c, h: c.post(
            "/api/v1/reports/oios-unodc-2021/imports",
            files={"file": ("e.csv", b"indicator,title\\nR1.a,x\\n")},
            headers=h,
        ),
    ),
    Call(
        "plan an action",
        "contributor",
        lambda c, h: c.post(
            f"/api/v1/recommendations/{_ids(c)['rec:R2']}/actions",
            json={"description": "d"},
            headers=h,
        ),
    ),
    Call("change an action", "contributor", _patch_action),
    Call(
        "assess evidence",
        "evaluator",
        lambda c, h: c.post(
            f"/api/v1/evidence/{_ids(c)['evidence']}/assessments",
            json={"verdict": "meets"},
            headers=h,
        ),
    ),
    Call(
        "withdraw evidence",
        "evaluator",
        lambda c, h: c.post(
            f"/api/v1/evidence/{_ids(c)['evidence']}/withdrawal", json={"reason": "r"}, headers=h
        ),
    ),
    Call(
        "record a response",
        "evaluator",
        lambda c, h: c.post(
            f"/api/v1/recommendations/{_ids(c)['rec:R3']}/responses",
            json={"acceptance": "accepted", "text": {"en": "Yes"}},
            headers=h,
        ),
    ),
    Call(
        "move a target date",
        "evaluator",
        lambda c, h: c.post(
            f"/api/v1/recommendations/{_ids(c)['rec:R2']}/target-date-changes",
            json={"new_date": "2027-01-01", "reason": "r"},
            headers=h,
        ),
    ),
    Call(
        "close a recommendation",
        "evaluator",
        lambda c, h: c.post(
            f"/api/v1/recommendations/{_ids(c)['rec:R3']}/closure",
            json={"justification": "j"},
            headers=h,
        ),
    ),
    Call("read the audit log", "evaluator", lambda c, h: c.get("/api/v1/audit", headers=h)),
    Call(
        "load a report file", "admin", lambda c, h: c.post("/api/v1/reports", json=SEED, headers=h)
    ),
    Call("list tokens", "admin", lambda c, h: c.get("/api/v1/tokens", headers=h)),
    Call(
        "issue a token",
        "admin",
        lambda c, h: c.post(
            "/api/v1/tokens", json={"name": f"n-{len(h)}-{id(h)}", "role": "viewer"}, headers=h
        ),
    ),
    Call(
        "revoke a token", "admin", lambda c, h: c.post("/api/v1/tokens/999/revocation", headers=h)
    ),
    Call(
        "read status",
        "viewer",
        lambda c, h: c.get("/api/v1/reports/oios-unodc-2021/status", headers=h),
    ),
    Call(
        "read evidence",
        "viewer",
        lambda c, h: c.get(f"/api/v1/evidence/{_ids(c)['evidence']}", headers=h),
    ),
    Call(
        "export",
        "viewer",
        lambda c, h: c.get("/api/v1/reports/oios-unodc-2021/export.csv", headers=h),
    ),
]


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.name)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_it_allows(
    client: TestClient, seeded: int, call: Call, role: str
) -> None:
    _ids(client)
    response = call.send(client, signed(client, f"as-{role}", role))
    if RANK[role] >= RANK[call.needs]:
        assert response.status_code not in (401, 403), (role, call.name, response.text)
        assert response.status_code < 500
    else:
        assert response.status_code == 403, (role, call.name, response.text)
        assert response.headers["content-type"] == "application/problem+json"


@pytest.fixture
def anonymous(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def public(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"public_read": True}))) as client:
        yield client


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.name)
def test_without_a_token_everything_is_401(
    client: TestClient, anonymous: TestClient, seeded: int, call: Call
) -> None:
    _ids(client)
    anonymous.__dict__["_fixture_ids"] = client.__dict__["_fixture_ids"]
    response = call.send(anonymous, {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", ["Bearer fu_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer", "fu_token"]
)
def test_a_bad_or_unknown_token_is_401(anonymous: TestClient, seeded: int, header: str) -> None:
    response = anonymous.get("/api/v1/reports", headers={"Authorization": header})
    assert response.status_code == 401


def test_a_revoked_token_stops_working(client: TestClient, seeded: int) -> None:
    auth = signed(client, "leaving", "contributor")
    assert client.get("/api/v1/reports", headers=auth).status_code == 200
    token = next(t for t in client.get("/api/v1/tokens").json()["items"] if t["name"] == "leaving")
    assert client.post(f"/api/v1/tokens/{token['id']}/revocation").status_code == 200
    assert client.get("/api/v1/reports", headers=auth).status_code == 401


def test_public_reads_open_reads_only(client: TestClient, public: TestClient, seeded: int) -> None:
    assert public.get("/api/v1/reports/oios-unodc-2021/status").status_code == 200
    assert public.get("/").status_code == 200
    ind = indicator_ids(client)["R1.a"]
    response = public.post(f"/api/v1/indicators/{ind}/evidence", json={"title": "t"})
    assert response.status_code == 401
    assert public.get("/api/v1/audit").status_code == 401


def test_the_dashboard_asks_for_a_token_unless_reads_are_public(
    anonymous: TestClient, seeded: int, admin_token: str
) -> None:
    page = anonymous.get("/", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")
    refused = anonymous.post("/login", data={"token": "fu_wrong"}, follow_redirects=False)
    assert refused.status_code == 401
    signed_in = anonymous.post(
        "/login", data={"token": admin_token, "next": "/?lang=en"}, follow_redirects=False
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/?lang=en"
    assert "httponly" in signed_in.headers["set-cookie"].lower()
    assert anonymous.get("/?lang=en").status_code == 200
    # The cookie is for reading: a write needs the Authorization header.
    ind = anonymous.get("/api/v1/reports/oios-unodc-2021").json()["recommendations"][0]
    response = anonymous.post(
        f"/api/v1/indicators/{ind['indicators'][0]['id']}/evidence", json={"title": "t"}
    )
    assert response.status_code == 401


def test_login_never_redirects_elsewhere(anonymous: TestClient, admin_token: str) -> None:
    response = anonymous.post(
        "/login", data={"token": admin_token, "next": "//evil.example/"}, follow_redirects=False
    )
    assert response.headers["location"] == "/"
