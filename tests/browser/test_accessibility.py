"""axe-core (run in Chromium) finds no serious or critical violation on the sign-in page, the
dashboard and every form, in Chinese and in English, before and after a refusal."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_forms import Site, sign_in
from tests.browser.test_forms import site as site

AXE = Axe()
SERIOUS = ("serious", "critical")


def serious_violations(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = AXE.run(page).response["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in found
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def item(site: Site) -> int:
    """An evidence item with a file and an action, so that every form has something to show."""
    auth = {"Authorization": f"Bearer {site.tokens['admin']}"}
    ids = site.ids()
    made = httpx.post(
        f"{site.base}/api/v1/indicators/{ids['R1.a']}/evidence",
        json={"title": "UNODC Strategy 2021-2025"},
        headers=auth,
    ).json()
    httpx.post(
        f"{site.base}/api/v1/evidence/{made['id']}/attachments",
        files={"file": ("strategy.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        headers=auth,
    ).raise_for_status()
    httpx.post(
        f"{site.base}/api/v1/recommendations/{ids['R1']}/actions",
        json={"description": "Staffing review"},
        headers=auth,
    ).raise_for_status()
    return int(made["id"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sign_in_page_and_the_dashboard(browser: Browser, site: Site, lang: str) -> None:
    context = browser.new_context(locale="zh-CN" if lang == "zh" else "en-GB")
    page = context.new_page()
    page.goto(f"{site.base}/login?lang={lang}")
    assert serious_violations(page) == []
    page.fill("#token", "fu_not-a-token")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_be_visible()
    assert serious_violations(page) == []
    context.close()
    page = sign_in(browser, site, "evaluator", lang)
    page.goto(f"{site.base}/?lang={lang}")
    assert serious_violations(page) == []
    page.locator("button.chip[data-code='R1.a']").click()
    expect(page.locator("#detail")).to_be_visible()
    assert serious_violations(page) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_form(browser: Browser, site: Site, item: int, lang: str, tmp_path: Path) -> None:
    page = sign_in(browser, site, "evaluator", lang)
    ids = site.ids()
    pages = [
        f"/dashboard/indicators/{ids['R1.a']}/record",
        f"/dashboard/recommendations/{ids['R3']}/record",
        f"/dashboard/evidence/{item}",
        f"/dashboard/evidence/{item}/correction",
        f"/dashboard/indicators/{ids['R1.a']}/judgement",
        f"/dashboard/recommendations/{ids['R1']}/progress",
        f"/dashboard/recommendations/{ids['R1']}/official-assessment",
        f"/dashboard/recommendations/{ids['R1']}/actions",
        f"/dashboard/reports/{site.report_id()}/import",
    ]
    for path in pages:
        page.goto(f"{site.base}{path}?lang={lang}")
        expect(page.locator("main form").first).to_be_visible()
        assert (path, serious_violations(page)) == (path, [])
    # After refusals: messages next to fields, a table of row errors.
    page.goto(f"{site.base}/dashboard/indicators/{ids['R1.a']}/record?lang={lang}")
    page.fill("#record-source_url", "not a url")
    page.click("#record button[type=submit]")
    expect(page.locator("#record-title-error")).to_be_visible()
    assert serious_violations(page) == []
    sheet = tmp_path / "evidence.csv"
    sheet.write_text("indicator,title\nR9.z,Nowhere\n")
    page.goto(f"{site.base}/dashboard/reports/{site.report_id()}/import?lang={lang}")
    page.set_input_files("#sheet-file", str(sheet))
    page.click("#sheet button[type=submit]")
    expect(page.locator("#row-errors")).to_be_visible()
    assert serious_violations(page) == []


def test_the_check_finds_what_it_looks_for(browser: Browser) -> None:
    """A field without a label and text without contrast are serious: the check is live."""
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<input type="text"><p style="color:#eee;background:#fff">faint</p></main></body></html>'
    )
    assert {v["id"] for v in serious_violations(page)} >= {"label", "color-contrast"}
    page.close()
