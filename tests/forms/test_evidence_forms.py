"""The evidence forms over HTTP, as a browser sends them: session cookie, CSRF token, same
origin; refusals drawn again with what was typed; nothing written by a refused or cross-site
post."""

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from app.access.roles import Role
from app.config import Settings
from app.db import Database
from app.main import create_app
from app.models import Change, Evidence
from tests.attachments.files import HTML, pdf
from tests.forms.signed_in import SAME_SITE, csrf_of, element, signed_in
from tests.records import issue


def count(database: Database, table: Any) -> int:
    with database.read_session() as session:
        found: int = session.exec(select(func.count()).select_from(table)).one()
        return found


@pytest.fixture
def indicator_id(client: TestClient, seeded: int) -> int:
    detail = client.get("/api/v1/reports/oios-unodc-2021").json()
    found: int = detail["recommendations"][0]["indicators"][0]["id"]
    return found


@pytest.fixture
def officer(settings: Settings, database: Database, seeded: int) -> Iterator[TestClient]:
    with signed_in(settings, database, "officer@oios", "evaluator") as client:
        yield client


@pytest.fixture
def reader(settings: Settings, database: Database, seeded: int) -> Iterator[TestClient]:
    with signed_in(settings, database, "reader@unodc", "viewer") as client:
        yield client


def test_recording_evidence_with_a_file_from_the_form(
    officer: TestClient, indicator_id: int, database: Database
) -> None:
    url = f"/dashboard/indicators/{indicator_id}/record"
    form = officer.get(url, params={"lang": "en"})
    assert form.status_code == 200
    assert '<label for="record-title">' in form.text
    sent = officer.post(
        url,
        data={
            "csrf_token": csrf_of(form.text),
            "lang": "en",
            "title": "UNODC Strategy 2021-2025",
            "effective_on": "2021-02-15",
            "verdict": "meets",
            "comment": "adopted",
        },
        files={"file": ("strategy.pdf", pdf(), "application/pdf")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    page = officer.get(sent.headers["location"])
    assert "UNODC Strategy 2021-2025" in page.text
    sha = hashlib.sha256(pdf()).hexdigest()
    assert f'href="/api/v1/attachments/{sha}"' in page.text
    assert officer.get(f"/api/v1/attachments/{sha}").content == pdf()
    with database.read_session() as session:
        item = session.exec(select(Evidence)).one()
    assert (item.recorded_by, item.title) == ("officer@oios", "UNODC Strategy 2021-2025")


def test_a_refused_form_keeps_what_was_typed_and_says_why_next_to_the_field(
    officer: TestClient, indicator_id: int, database: Database
) -> None:
    url = f"/dashboard/indicators/{indicator_id}/record"
    token = csrf_of(officer.get(url).text)
    sent = officer.post(
        url,
        data={
            "csrf_token": token,
            "lang": "zh",
            "title": "战略文件",
            "source_url": "not a url",
            "description": "已通过",
        },
    )
    assert sent.status_code == 422
    assert 'id="record-source_url-error"' in sent.text
    assert 'aria-invalid="true"' in sent.text
    assert 'value="战略文件"' in sent.text
    assert "已通过</textarea>" in sent.text
    field = element(sent.text, "record-source_url")
    assert field["value"] == "not a url"
    assert field["aria-describedby"] == "record-source_url-error"
    assert "autofocus" in field  # the focus goes to the first field in error
    assert "autofocus" not in element(sent.text, "record-title")
    # A file that is not what its name says: refused next to the file field, nothing kept.
    refused = officer.post(
        url,
        data={"csrf_token": token, "lang": "en", "title": "Minutes"},
        files={"file": ("minutes.pdf", HTML, "application/pdf")},
    )
    assert refused.status_code == 422
    assert 'id="record-file-error"' in refused.text
    assert count(database, Evidence) == 0


def test_a_cross_site_post_writes_nothing(
    officer: TestClient, indicator_id: int, database: Database
) -> None:
    url = f"/dashboard/indicators/{indicator_id}/record"
    token = csrf_of(officer.get(url).text)
    before = count(database, Change)
    foreign = officer.post(
        url,
        data={"csrf_token": token, "title": "Forged"},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert foreign.status_code == 403
    no_token = officer.post(url, data={"title": "Forged"})
    assert no_token.status_code == 403
    wrong_token = officer.post(url, data={"title": "Forged", "csrf_token": "0" * 64})
    assert wrong_token.status_code == 403
    assert count(database, Evidence) == 0
    assert count(database, Change) == before


def test_a_viewer_sees_no_write_form_and_is_refused_if_posting(
    reader: TestClient, officer: TestClient, indicator_id: int, database: Database
) -> None:
    url = f"/dashboard/indicators/{indicator_id}/record"
    recorded = officer.post(
        url,
        data={"csrf_token": csrf_of(officer.get(url).text), "title": "Strategy"},
        follow_redirects=False,
    )
    item_page = reader.get(recorded.headers["location"])
    assert item_page.status_code == 200
    assert "Strategy" in item_page.text
    assert 'method="post" action="/dashboard' not in item_page.text
    assert reader.get(url).status_code == 403
    token = csrf_of(item_page.text)  # the sign-out form's: a valid token of this session
    posted = reader.post(url, data={"csrf_token": token, "title": "Not mine to write"})
    assert posted.status_code == 403
    assert count(database, Evidence) == 1


def test_assess_correct_and_withdraw_from_the_item_page(
    officer: TestClient, indicator_id: int, database: Database
) -> None:
    url = f"/dashboard/indicators/{indicator_id}/record"
    token = csrf_of(officer.get(url).text)
    recorded = officer.post(
        url,
        data={"csrf_token": token, "title": "Strategy draft"},
        files={"file": ("draft.pdf", pdf("draft"), "application/pdf")},
        follow_redirects=False,
    )
    item = recorded.headers["location"].split("?")[0]
    item_id = int(item.rsplit("/", 1)[1])
    assessed = officer.post(
        f"{item}/assessments",
        data={"csrf_token": token, "verdict": "partially_meets", "comment": "no staffing model"},
        follow_redirects=False,
    )
    assert assessed.status_code == 303
    missing = officer.post(f"{item}/assessments", data={"csrf_token": token, "verdict": ""})
    assert missing.status_code == 422
    assert 'id="assess-verdict-error"' in missing.text

    form = officer.get(f"{item}/correction")
    sha = hashlib.sha256(pdf("draft")).hexdigest()
    assert f'value="{sha}" checked' in form.text  # files are carried forward unless unticked
    corrected = officer.post(
        f"{item}/correction",
        data={"csrf_token": token, "title": "Strategy (adopted)", "attachments": [sha]},
        files={"file": ("signed.pdf", pdf("signed"), "application/pdf")},
        follow_redirects=False,
    )
    assert corrected.status_code == 303, corrected.text
    correction = officer.get(corrected.headers["location"]).text
    assert "draft.pdf" in correction
    assert "signed.pdf" in correction

    old = officer.get(item).text
    assert 'action="/dashboard/evidence/' not in old.split("</nav>")[1]  # superseded: no forms
    new_item = corrected.headers["location"].split("?")[0]
    withdrawn = officer.post(f"{new_item}/withdrawal", data={"csrf_token": token, "reason": ""})
    assert withdrawn.status_code == 422
    assert 'id="withdraw-reason-error"' in withdrawn.text
    done = officer.post(
        f"{new_item}/withdrawal",
        data={"csrf_token": token, "reason": "recorded against the wrong indicator"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert officer.get(f"/api/v1/evidence/{item_id}").json()["state"] == "superseded"


def test_attaching_more_files_to_an_item(officer: TestClient, indicator_id: int) -> None:
    url = f"/dashboard/indicators/{indicator_id}/record"
    token = csrf_of(officer.get(url).text)
    item = (
        officer.post(url, data={"csrf_token": token, "title": "Minutes"}, follow_redirects=False)
        .headers["location"]
        .split("?")[0]
    )
    nothing = officer.post(f"{item}/attachments", data={"csrf_token": token})
    assert nothing.status_code == 422
    added = officer.post(
        f"{item}/attachments",
        data={"csrf_token": token},
        files={"file": ("minutes.pdf", pdf("minutes"), "application/pdf")},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert "minutes.pdf" in officer.get(item).text


def test_a_form_page_asks_a_stranger_to_sign_in_and_comes_back(
    settings: Settings, database: Database, indicator_id: int
) -> None:
    url = f"/dashboard/indicators/{indicator_id}/record?lang=zh"
    with TestClient(create_app(settings), headers=SAME_SITE) as browser:
        asked = browser.get(url, follow_redirects=False)
        assert asked.status_code == 303
        assert asked.headers["location"] == (
            f"/login?next=/dashboard/indicators/{indicator_id}/record%3Flang%3Dzh"
        )
        token = issue(database, "officer", Role.CONTRIBUTOR)
        back = browser.post(
            "/login",
            data={"token": token, "next": f"/dashboard/indicators/{indicator_id}/record?lang=zh"},
            follow_redirects=False,
        )
        assert back.headers["location"] == url
        assert browser.get(url).status_code == 200


def test_a_form_of_an_item_corrected_meanwhile_is_refused_on_its_page(
    officer: TestClient, indicator_id: int
) -> None:
    """A page left open while someone corrected the item: its forms' posts are refused with
    the reason, on the item's page (no longer showing them), and nothing is written."""
    url = f"/dashboard/indicators/{indicator_id}/record"
    token = csrf_of(officer.get(url).text)
    item = (
        officer.post(url, data={"csrf_token": token, "title": "Draft"}, follow_redirects=False)
        .headers["location"]
        .split("?")[0]
    )
    corrected = officer.post(
        f"{item}/correction", data={"csrf_token": token, "title": "Final"}, follow_redirects=False
    )
    assert corrected.status_code == 303
    for form, data in (
        ("attachments", {}),
        ("assessments", {"verdict": "meets"}),
        ("withdrawal", {"reason": "late"}),
    ):
        stale = officer.post(
            f"{item}/{form}",
            data={"csrf_token": token, **data},
            files={"file": ("a.pdf", pdf("a"), "application/pdf")}
            if form == "attachments"
            else None,
        )
        assert stale.status_code == 409, (form, stale.text[:300])
        assert 'id="refusal"' in stale.text
        assert "superseded" in stale.text
