"""What a token limited to one entity is told about the portfolio: only its reports in every
list (reports, entities, bodies, the change feed, the audit log, the portfolio, the
dashboard), nothing of the others; tokens themselves are managed only with a token of the
whole portfolio; with public reads, it may read the rest but still writes only its own."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.forms.signed_in import SAME_SITE
from tests.scopes.portfolio import (
    OURS,
    THEIRS,
    Record,
    other_entitys_report,
    portfolio_of_two,
    scoped_token,
)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def two(client: TestClient, seeded: int) -> tuple[Record, Record]:
    return portfolio_of_two(client)


@pytest.fixture
def unodc(client: TestClient, two: tuple[Record, Record]) -> dict[str, str]:
    token = scoped_token(client, "unodc.evaluator", "evaluator", entities=["UNODC"])
    return {"Authorization": f"Bearer {token}"}


def test_lists_answer_within_the_scope(
    client: TestClient, two: tuple[Record, Record], unodc: dict[str, str]
) -> None:
    ours, theirs = two
    reports = client.get("/api/v1/reports", headers=unodc).json()
    assert [r["code"] for r in reports["items"]] == [OURS]
    assert reports["total"] == 1
    assert [r["code"] for r in client.get("/api/v1/reports").json()["items"]] == [OURS, THEIRS]
    entities = client.get("/api/v1/entities", headers=unodc).json()["items"]
    assert entities == [{"name": "UNODC", "reports": 1}]
    everyone = client.get("/api/v1/entities").json()["items"]
    assert everyone == [{"name": "UNDP", "reports": 1}, {"name": "UNODC", "reports": 1}]
    bodies = client.get("/api/v1/oversight-bodies", headers=unodc).json()["items"]
    assert bodies == [{"name": "OIOS", "reports": 1}]
    for feed in ("/api/v1/changes", "/api/v1/audit"):
        seen = client.get(feed, params={"limit": 500}, headers=unodc).json()["items"]
        assert seen, feed
        assert {c["report_id"] for c in seen} == {ours.report_id}, feed
        everything = client.get(feed, params={"limit": 500}).json()["items"]
        assert theirs.report_id in {c["report_id"] for c in everything}


def test_the_portfolio_holds_the_scopes_reports_only(
    client: TestClient, two: tuple[Record, Record], unodc: dict[str, str]
) -> None:
    scoped = client.get("/api/v1/status", headers=unodc)
    whole = client.get("/api/v1/status")
    assert [r["report"]["code"] for r in scoped.json()["reports"]] == [OURS]
    assert [r["report"]["code"] for r in whole.json()["reports"]] == [OURS, THEIRS]
    assert scoped.json()["totals"]["recommendations"] == 3
    assert whole.json()["totals"]["recommendations"] == 6
    assert scoped.headers["etag"] != whole.headers["etag"]
    again = client.get("/api/v1/status", headers={**unodc, "If-None-Match": scoped.headers["etag"]})
    assert again.status_code == 304


def test_tokens_are_managed_with_a_token_of_the_whole_portfolio(
    client: TestClient, two: tuple[Record, Record]
) -> None:
    admin = bearer(scoped_token(client, "unodc.admin", "admin", entities=["UNODC"]))
    assert (
        client.post(
            "/api/v1/tokens", json={"name": "x", "role": "admin"}, headers=admin
        ).status_code
        == 403
    )
    assert client.get("/api/v1/tokens", headers=admin).status_code == 403
    unknown = client.post(
        "/api/v1/tokens", json={"name": "y", "role": "viewer", "entities": ["UNDOC"]}
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.entities.0"
    listed = client.get("/api/v1/tokens").json()["items"]
    assert {"name": "unodc.admin", "entities": ["UNODC"], "reports": []}.items() <= next(
        t for t in listed if t["name"] == "unodc.admin"
    ).items()


def test_a_scoped_admin_loads_only_its_entitys_reports(
    client: TestClient, two: tuple[Record, Record]
) -> None:
    admin = bearer(scoped_token(client, "unodc.admin", "admin", entities=["UNODC"]))
    theirs = other_entitys_report()
    assert client.post("/api/v1/reports", json=theirs, headers=admin).status_code == 403
    # Nor by naming its own entity in a file for the other report (taking it over).
    theirs["report"]["entity"] = "UNODC"
    assert client.post("/api/v1/reports", json=theirs, headers=admin).status_code == 403
    assert client.get(f"/api/v1/reports/{THEIRS}").json()["entity"] == "UNDP"


@pytest.fixture
def public(settings: Settings, admin_token: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"public_read": True}))) as c:
        c.headers["Authorization"] = f"Bearer {admin_token}"
        yield c


def test_with_public_reads_it_reads_the_rest_but_writes_only_its_own(
    public: TestClient, two: tuple[Record, Record], unodc: dict[str, str]
) -> None:
    theirs = two[1]
    assert public.get(f"/api/v1/reports/{theirs.report_id}", headers=unodc).status_code == 200
    written = public.post(
        f"/api/v1/indicators/{theirs.indicator_id}/evidence", json={"title": "x"}, headers=unodc
    )
    assert written.status_code == 403
    assert "UNODC" in written.json()["detail"]


def test_the_dashboard_shows_the_scopes_reports_only(
    settings: Settings, client: TestClient, two: tuple[Record, Record]
) -> None:
    token = scoped_token(client, "unodc.viewer", "viewer", entities=["UNODC"])
    with TestClient(create_app(settings), headers=SAME_SITE) as browser:
        browser.post("/login", data={"token": token})
        page = browser.get("/?lang=en")
        assert page.status_code == 200
        assert OURS in page.text
        assert THEIRS not in page.text
        hidden = browser.get(f"/?report={THEIRS}")
        assert hidden.status_code == 404
        assert browser.get("/?report=no-such-report").status_code == 404
