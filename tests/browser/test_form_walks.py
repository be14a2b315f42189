"""Every officer's form walked in Chromium by its happy path, each write read back through
the API: an item given a file, assessed, corrected with its file carried forward, and the
correction withdrawn; an indicator judged; the oversight body's assessment; a follow-up
action added and moved; a spreadsheet checked and then imported."""

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.attachments.files import pdf
from tests.browser.test_forms import Site, sign_in
from tests.browser.test_forms import site as site


def test_an_items_forms(browser: Browser, site: Site, tmp_path: Path) -> None:
    page = sign_in(browser, site, "evaluator")
    page.goto(f"{site.base}/dashboard/indicators/{site.ids()['R1.a']}/record?lang=en")
    page.fill("#record-title", "UNODC Strategy 2021-2025 (draft)")
    page.click("#record button[type=submit]")
    expect(page.locator("#attachments")).to_have_count(0)
    item = int(page.url.split("/dashboard/evidence/")[1].split("?")[0])

    draft = tmp_path / "draft.pdf"
    draft.write_bytes(pdf("draft"))
    page.set_input_files("#attach-file", str(draft))
    page.click("#attach button[type=submit]")
    expect(page.locator("#attachments li")).to_have_count(1)

    page.select_option("#assess-verdict", "partially_meets")
    page.fill("#assess-comment", "no staffing model yet")
    page.click("#assess button[type=submit]")
    expect(page.locator(".saved")).to_be_visible()
    assert site.api(f"/api/v1/evidence/{item}").json()["verdict"] == "partially_meets"

    page.click(f"a[href^='/dashboard/evidence/{item}/correction']")
    expect(page.locator("#correct-title")).to_have_value("UNODC Strategy 2021-2025 (draft)")
    page.fill("#correct-title", "UNODC Strategy 2021-2025")
    page.click("#correct button[type=submit]")
    expect(page.locator("#attachments li")).to_have_count(1)  # carried forward
    correction = int(page.url.split("/dashboard/evidence/")[1].split("?")[0])
    assert site.api(f"/api/v1/evidence/{item}").json()["state"] == "superseded"

    page.fill("#withdraw-reason", "recorded against the wrong indicator")
    page.click("#withdraw button[type=submit]")
    expect(page.locator(".saved")).to_be_visible()
    assert site.api(f"/api/v1/evidence/{correction}").json()["state"] == "withdrawn"


def test_the_forms_of_indicators_and_recommendations(browser: Browser, site: Site) -> None:
    ids = site.ids()
    page = sign_in(browser, site, "evaluator", "zh")
    page.locator("button.chip[data-code='R2.a']").click()
    page.locator("#detail a[href*='/judgement']").click()
    page.select_option("#judge-status", "met")
    page.fill("#judge-comment", "整体达到")
    page.click("#judge button[type=submit]")
    expect(page.locator(".saved")).to_be_visible()
    judged = site.api(f"/api/v1/indicators/{ids['R2.a']}/assessments").json()["items"]
    assert [j["status"] for j in judged] == ["met"]

    page.goto(f"{site.base}/?lang=zh")
    page.locator("#rec-R2 nav.work a[href*='official-assessment']").click()
    page.select_option("#official-status", "in_progress")
    page.fill("#official-source_ref", "OIOS 2025 年三年期审查")
    page.click("#official button[type=submit]")
    expect(page.locator(".saved")).to_be_visible()
    assert site.api(f"/api/v1/recommendations/{ids['R2']}/status").json()["status"] == (
        "in_progress"
    )

    page.goto(f"{site.base}/?lang=zh")
    page.locator("#rec-R2 nav.work a[href*='/actions']").click()
    page.fill("#add-action-description", "制定性别平等行动计划")
    page.fill("#add-action-responsible_unit", "战略规划科")
    page.click("#add-action button[type=submit]")
    expect(page.locator(".saved")).to_be_visible()
    [action] = site.api(f"/api/v1/recommendations/{ids['R2']}/actions").json()["items"]
    form = f"#action-{action['id']}"
    page.select_option(f"{form}-state", "completed")
    page.fill(f"{form}-completed_on", "2026-11-30")
    page.click(f"{form} button[type=submit]")
    expect(page.locator(".saved")).to_be_visible()
    moved = site.api(f"/api/v1/actions/{action['id']}").json()
    assert (moved["state"], moved["completed_on"]) == ("completed", "2026-11-30")


def test_a_spreadsheet_is_checked_then_imported(
    browser: Browser, site: Site, tmp_path: Path
) -> None:
    page = sign_in(browser, site, "contributor")
    page.click("#import-link")
    sheet = tmp_path / "evidence.csv"
    sheet.write_text(
        "indicator,title,effective_on\n"
        "R1.a,UNODC Strategy 2021-2025,2021-02-15\n"
        "R2.c,Gender marker report,2022-03-01\n",
        encoding="utf-8",
    )
    page.set_input_files("#sheet-file", str(sheet))
    page.click("#sheet button[type=submit]")
    expect(page.locator("#counts")).to_have_text("2 new, 0 unchanged, 0 corrected, 0 verdicts")
    assert site.evidence_count() == 0
    page.click("#confirm button[type=submit]")
    expect(page.locator("#imported")).to_be_visible()
    assert site.evidence_count() == 2
