"""The officers' forms in Debian's Chromium: signed in with a server-side session, every form
walked by its happy path; a refused input shown next to its field with what was typed kept
and the focus on it; a cross-site post refused with nothing written; a viewer who sees no
form and is refused if they post anyway; a file uploaded, downloaded byte-identical and
stored once for two items."""

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.attachments.files import pdf
from tests.servers import bearer, prepare, serving

REPORT = "oios-unodc-2021"


@dataclass(frozen=True)
class Site:
    base: str
    database: Path
    tokens: dict[str, str]  # by role

    def api(self, path: str) -> httpx.Response:
        return httpx.get(
            f"{self.base}{path}", headers={"Authorization": f"Bearer {self.tokens['admin']}"}
        )

    def ids(self) -> dict[str, int]:
        report = self.api(f"/api/v1/reports/{REPORT}").json()
        found = {r["code"]: r["id"] for r in report["recommendations"]}
        found |= {i["code"]: i["id"] for r in report["recommendations"] for i in r["indicators"]}
        return found

    def report_id(self) -> int:
        return int(self.api(f"/api/v1/reports/{REPORT}").json()["id"])

    def evidence_count(self) -> int:
        with sqlite3.connect(self.database) as connection:
            (count,) = connection.execute("SELECT count(*) FROM evidence").fetchone()
            return int(count)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """A server whose pages need a sign-in (no public read), with a token per role."""
    database = tmp_path / "forms.db"
    env = prepare(f"sqlite:///{database}")
    with serving(env, tmp_path / "server.log") as base:
        tokens = {"admin": env["FOLLOWUP_TOKEN"]}
        for name, role in (
            ("officer@oios", "evaluator"),
            ("focal.point@unodc", "contributor"),
            ("reader@unodc", "viewer"),
        ):
            made = httpx.post(
                f"{base}/api/v1/tokens", json={"name": name, "role": role}, headers=bearer(env)
            )
            assert made.status_code == 201, made.text
            tokens[role] = made.json()["token"]
        yield Site(base, database, tokens)


def sign_in(browser: Browser, site: Site, role: str, lang: str = "en") -> Page:
    context = browser.new_context(
        viewport={"width": 1300, "height": 1000},
        locale="zh-CN" if lang == "zh" else "en-GB",
        accept_downloads=True,
    )
    page = context.new_page()
    page.goto(f"{site.base}/login?lang={lang}")
    page.fill("#token", site.tokens[role])
    page.click("button[type=submit]")
    expect(page.locator("#report-title")).to_be_visible()
    return page


def test_record_evidence_with_a_file_download_it_and_store_it_once(
    browser: Browser, site: Site, tmp_path: Path
) -> None:
    page = sign_in(browser, site, "evaluator")
    page.locator("button.chip[data-code='R1.a']").click()
    page.locator("#detail a", has_text="Record evidence").click()
    expect(page.locator("h1")).to_contain_text("R1.a")
    strategy = tmp_path / "UNODC Strategy 2021-2025.pdf"
    strategy.write_bytes(pdf())
    page.fill("#record-title", "UNODC Strategy 2021-2025")
    page.fill("#record-effective_on", "2021-02-15")
    page.select_option("#record-verdict", "meets")
    page.set_input_files("#record-file", str(strategy))
    page.click("#record button[type=submit]")
    expect(page.locator(".saved")).to_be_visible()
    link = page.locator("#attachments a", has_text=strategy.name)
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == strategy.read_bytes()
    assert download.value.suggested_filename == strategy.name

    # The same file on an item of another indicator: one stored content.
    page.goto(f"{site.base}/dashboard/indicators/{site.ids()['R3.a']}/record?lang=en")
    page.fill("#record-title", "Strategy, for the SDG indicator")
    page.set_input_files("#record-file", str(strategy))
    page.click("#record button[type=submit]")
    expect(page.locator("#attachments li")).to_have_count(1)
    with sqlite3.connect(site.database) as connection:
        assert connection.execute("SELECT count(*) FROM attachment_content").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM evidence_attachment").fetchone() == (2,)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refusal_is_shown_next_to_its_field_with_the_input_kept(
    browser: Browser, site: Site, lang: str
) -> None:
    page = sign_in(browser, site, "contributor", lang)
    page.goto(f"{site.base}/dashboard/indicators/{site.ids()['R2.c']}/record?lang={lang}")
    page.fill("#record-title", "Gender marker report")
    page.fill("#record-source_url", "unodc.org/gender")
    page.click("#record button[type=submit]")
    expect(page.locator("#record-source_url-error")).to_be_visible()
    expect(page.locator("#record-source_url")).to_have_value("unodc.org/gender")
    expect(page.locator("#record-title")).to_have_value("Gender marker report")
    expect(page.locator("#record-source_url")).to_be_focused()
    assert site.evidence_count() == 0


def test_every_form_is_used_with_the_keyboard_alone(browser: Browser, site: Site) -> None:
    page = sign_in(browser, site, "contributor")
    page.goto(f"{site.base}/dashboard/recommendations/{site.ids()['R1']}/progress?lang=en")
    fields = page.locator(
        "#progress input:not([type=hidden]), #progress select, #progress textarea, #progress button"
    )
    wanted = fields.count()
    reached: list[str] = []
    page.locator("#progress-status").focus()
    # A date input takes several presses (one per part of the date): the focus stays on it.
    for _ in range(wanted * 4):
        focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
        if not reached or reached[-1] != focused:
            reached.append(focused)
        if focused == "BUTTON":
            break
        page.keyboard.press("Tab")
    assert len(reached) == wanted
    assert reached[:3] == ["progress-status", "progress-narrative", "progress-period"]
    assert reached[-1] == "BUTTON"
    page.locator("#progress-status").focus()
    page.keyboard.press("ArrowDown")  # in progress
    page.keyboard.press("Tab")
    page.keyboard.type("Staffing model drafted and costed")
    page.locator("#progress button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".saved")).to_be_visible()
    reports = site.api(f"/api/v1/recommendations/{site.ids()['R1']}/progress-reports").json()
    assert [r["narrative"] for r in reports["items"]] == ["Staffing model drafted and costed"]


def test_a_cross_site_post_is_refused_and_writes_nothing(browser: Browser, site: Site) -> None:
    page = sign_in(browser, site, "evaluator")
    target = f"{site.base}/dashboard/indicators/{site.ids()['R1.a']}/record"
    # Another site's page that posts to followup as soon as it opens.
    page.goto("data:text/html,<p>prize</p>")
    page.set_content(
        f'<form method="post" action="{target}"><input name="title" value="Forged">'
        '<input name="csrf_token" value="guess"></form>'
    )
    with page.expect_navigation() as answer:
        page.evaluate("document.forms[0].submit()")
    response = answer.value
    assert response is not None
    assert response.status in (401, 403)
    assert site.evidence_count() == 0


def test_a_viewer_sees_no_form_and_is_refused_if_they_post(browser: Browser, site: Site) -> None:
    recorded = httpx.post(
        f"{site.base}/api/v1/indicators/{site.ids()['R1.a']}/evidence",
        json={"title": "Strategy"},
        headers={"Authorization": f"Bearer {site.tokens['admin']}"},
    )
    item = recorded.json()["id"]
    page = sign_in(browser, site, "viewer")
    expect(page.locator("nav.work")).to_have_count(0)
    page.locator("button.chip[data-code='R1.a']").click()
    expect(page.locator("#detail")).to_contain_text("Strategy")
    expect(page.locator("#detail a", has_text="Record evidence")).to_have_count(0)
    page.goto(f"{site.base}/dashboard/evidence/{item}?lang=en")
    expect(page.locator("main form")).to_have_count(0)
    token = page.locator("nav input[name=csrf_token]").get_attribute("value")
    posted = page.request.post(
        f"{site.base}/dashboard/evidence/{item}/withdrawal",
        form={"csrf_token": token or "", "reason": "not mine to withdraw"},
        headers={"Origin": site.base},
    )
    assert posted.status == 403
    assert site.api(f"/api/v1/evidence/{item}").json()["state"] == "current"
    answer = page.goto(f"{site.base}/dashboard/indicators/{site.ids()['R1.a']}/record")
    assert answer is not None
    assert answer.status == 403
