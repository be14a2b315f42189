"""The response as the report gave it, in a real browser: each recommendation's response and
caveats next to what they qualify, the general comments, translations marked as unofficial,
and no status code in a Chinese page."""

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Served
from tests.browser.test_dashboard import indicator_id

# A status or verdict code: words joined by underscores (not_started, partially_meets, ...).
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_caveats_sit_next_to_what_they_qualify(page: Page, server: str, lang: str) -> None:
    page.goto(f"{server}/?lang={lang}")
    r3 = page.locator("#rec-R3")
    expect(r3.locator("[data-role=caveat]")).to_have_count(2)
    sdg = r3.locator("[data-role=caveat][data-applies-to='R3.a']")
    expect(sdg).to_have_count(1)
    expect(sdg).to_contain_text("R3.a")
    expect(r3.locator("button.chip[data-code='R3.a'] [data-role=caveat-mark]")).to_have_count(1)
    staffing = "总部和外地办事处之间的最佳人员配置模式" if lang == "zh" else "optimal staffing"
    expect(page.locator("#rec-R1 [data-role=caveat]").nth(1)).to_contain_text(staffing)
    expect(page.locator("#rec-R2 [data-role=caveat]")).to_have_count(0)
    response = page.locator("#rec-R2 [data-role=response]")
    response.locator("summary").click()
    accepts = "接受这项建议" if lang == "zh" else "UNODC accepts this recommendation"
    expect(response).to_contain_text(accepts)
    page.locator("button.chip[data-code='R3.a']").click()
    expect(page.locator("#detail [data-role=caveat]")).to_have_count(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_general_comments_are_shown_with_what_they_concern(
    page: Page, server: str, lang: str
) -> None:
    page.goto(f"{server}/?lang={lang}")
    comments = page.locator("#general-comments li")
    expect(comments).to_have_count(6)
    agreement = "同意报告的建议" if lang == "zh" else "agrees with the recommendations"
    expect(comments.nth(5)).to_contain_text(agreement)
    expect(comments.nth(4).locator("[data-role=concerns]")).to_have_text("R1, R2")


def test_english_texts_are_marked_as_unofficial_translations(page: Page, server: str) -> None:
    page.goto(f"{server}/?lang=en")
    markers = page.locator("[data-role=unofficial]")
    expect(markers.first).to_be_visible()
    expect(page.locator("h1 [data-role=unofficial]")).to_have_text("(unofficial translation)")
    expect(page.locator("#rec-R1 .text [data-role=unofficial]")).to_have_count(1)
    expect(page.locator("#unofficial-note")).to_contain_text("not the official text of OIOS")
    page.goto(f"{server}/?lang=zh")
    # The Chinese is the report's own text: nothing to mark.
    expect(page.locator("[data-role=unofficial]")).to_have_count(0)
    expect(page.locator("#unofficial-note")).to_have_count(0)


def test_a_chinese_page_names_no_status_by_its_code(
    page: Page, server: str, served: Served
) -> None:
    for code, verdict in (("R1.b", "partially_meets"), ("R3.a", "meets"), ("R2.a", None)):
        body: dict[str, object] = {"title": f"Evidence for {code}"}
        if verdict:
            body["assessment"] = {"verdict": verdict, "comment": ""}
        made = httpx.post(
            f"{server}/api/v1/indicators/{indicator_id(server, code)}/evidence",
            json=body,
            headers=served.auth,
        )
        assert made.status_code == 201, made.text
    page.goto(f"{server}/?lang=zh")
    expect(page.locator("#rec-R3 [data-role=status]")).to_have_text("已执行")
    for chip in ("R1.b", "R2.a", "R3.a"):
        page.locator(f"button.chip[data-code='{chip}']").click()
        expect(page.locator("#detail .why")).to_contain_text(chip)
        shown = page.locator("body").inner_text()
        assert not RAW_CODE.search(shown), RAW_CODE.findall(shown)
    page.locator("#table-link").click()
    expect(page.locator("h1")).to_have_text("建议执行情况")
    table = page.locator("body").inner_text()
    assert "已执行" in table
    assert not RAW_CODE.search(table), RAW_CODE.findall(table)
