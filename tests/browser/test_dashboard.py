"""The dashboard as a person sees it, in a real browser, against a real server."""

import re

import httpx
from playwright.sync_api import Page, Request, Response, expect

from tests.browser.conftest import POLL_SECONDS, Served

WITHIN_A_POLL = (POLL_SECONDS + 4) * 1000  # ms: one poll interval plus the fetch and render


def indicator_id(server: str, code: str) -> int:
    report = httpx.get(f"{server}/api/v1/reports/oios-unodc-2021").json()
    ids = {i["code"]: i["id"] for r in report["recommendations"] for i in r["indicators"]}
    return int(ids[code])


def test_the_seeded_report_is_shown_with_its_status(page: Page, server: str) -> None:
    page.goto(f"{server}/?lang=en")
    expect(page.locator("h1")).to_contain_text("United Nations Office on Drugs and Crime")
    expect(page.locator("#acceptance-rate")).to_have_text("100%")
    expect(page.locator("#implementation-rate")).to_have_text("0%")
    expect(page.locator("#acceptance-basis")).to_have_text("3/3")
    expect(page.locator("#implementation-basis")).to_have_text("0/3")
    for code in ("R1", "R2", "R3"):
        card = page.locator(f"#rec-{code}")
        expect(card.locator("[data-role=status]")).to_have_text("Not started")
        expect(card).to_have_attribute("data-status", "not_started")
    chips = page.locator("button.chip")
    expect(chips).to_have_count(7)
    for n in range(7):
        expect(chips.nth(n)).to_have_attribute("data-status", "no_evidence")
        expect(chips.nth(n)).to_contain_text("No evidence")


def test_the_page_updates_itself_after_evidence_is_posted(
    page: Page, server: str, served: Served
) -> None:
    page.goto(f"{server}/?lang=en")
    card = page.locator("#rec-R3")
    expect(card.locator("[data-role=status]")).to_have_text("Not started")
    created = httpx.post(
        f"{server}/api/v1/indicators/{indicator_id(server, 'R3.a')}/evidence",
        json={"title": "Joint programme with UNDP", "assessment": {"verdict": "meets"}},
        headers=served.auth,
    )
    assert created.status_code == 201
    expect(card.locator("[data-role=status]")).to_have_text("Implemented", timeout=WITHIN_A_POLL)
    expect(card).to_have_attribute("data-status", "implemented")
    expect(page.locator("button.chip[data-code='R3.a']")).to_contain_text("Met")
    expect(page.locator("#implementation-rate")).to_have_text("33%")
    expect(page.locator("#implementation-basis")).to_have_text("1/3")


def test_a_card_marks_the_official_status_and_shows_the_other_sources_and_flags(
    page: Page, server: str, served: Served
) -> None:
    report = httpx.get(f"{server}/api/v1/reports/oios-unodc-2021").json()
    r1 = {r["code"]: r["id"] for r in report["recommendations"]}["R1"]
    page.goto(f"{server}/?lang=en")
    card = page.locator("#rec-R1")
    expect(card.locator("[data-role=basis]")).to_have_text("From the evidence")
    # Not started is grey, not red: nothing has gone wrong yet.
    expect(card.locator("[data-role=status]")).to_have_css("color", "rgb(66, 74, 83)")
    claimed = httpx.post(
        f"{server}/api/v1/recommendations/{r1}/progress-reports",
        json={"status": "implemented", "narrative": "Adopted", "reported_on": "2026-01-15"},
        headers=served.auth,
    )
    assert claimed.status_code == 201, claimed.text
    expect(card.locator("[data-role=reported]")).to_contain_text(
        "Implemented", timeout=WITHIN_A_POLL
    )
    expect(card.locator("[data-flag=claim_not_supported]")).to_have_text("Claim not supported")
    assessed = httpx.post(
        f"{server}/api/v1/recommendations/{r1}/assessments",
        json={"status": "in_progress", "assessed_on": "2026-02-01", "source_ref": "A/80/1"},
        headers=served.auth,
    )
    assert assessed.status_code == 201, assessed.text
    expect(card.locator("[data-role=basis]")).to_have_text("Official", timeout=WITHIN_A_POLL)
    expect(card.locator("[data-role=status]")).to_have_text("In progress")
    expect(card.locator("[data-role=basis]")).to_have_attribute("title", "A/80/1")
    # The entity's report of work done is activity: the evidence rule says in progress.
    expect(card.locator("[data-role=derived]")).to_contain_text("In progress")
    page.goto(f"{server}/?lang=zh")
    expect(page.locator("#rec-R1 [data-role=basis]")).to_have_text("正式")
    expect(page.locator("#rec-R1 [data-flag=claim_not_supported]")).to_have_text("所报情况缺乏佐证")


def test_an_idle_dashboard_costs_only_304s(page: Page, server: str) -> None:
    answers: list[int] = []

    def record(response: Response) -> None:
        if re.search(r"/api/v1/reports/\d+/status$", response.url):
            answers.append(response.status)

    page.on("response", record)
    page.goto(f"{server}/?lang=en")
    page.wait_for_timeout((POLL_SECONDS * 3 + 1) * 1000)
    assert len(answers) >= 2
    assert set(answers) == {304}


def test_clicking_an_indicator_shows_its_evidence_and_explanation(
    page: Page, server: str, served: Served
) -> None:
    created = httpx.post(
        f"{server}/api/v1/indicators/{indicator_id(server, 'R1.b')}/evidence",
        json={
            "title": "Results framework with SDG indicators",
            "source_url": "https://www.unodc.org/results",
            "assessment": {"verdict": "partially_meets", "comment": "impact level missing"},
        },
        headers=served.auth,
    ).json()
    page.goto(f"{server}/?lang=en")
    chip = page.locator("button.chip[data-code='R1.b']")
    chip.focus()
    page.keyboard.press("Enter")  # reachable and usable from the keyboard
    detail = page.locator("#detail")
    expect(detail).to_be_visible()
    expect(detail.locator("[data-role=status]")).to_have_text("Partially met")
    # Said in the page's language: status words, not codes.
    expect(detail.locator(".why")).to_contain_text(
        f"R1.b Partially met: evidence {created['id']} Partially meets"
    )
    item = detail.locator(f"[data-evidence='{created['id']}']")
    expect(item).to_contain_text("Results framework with SDG indicators")
    expect(item).to_contain_text("Partially meets")
    expect(item).to_contain_text("impact level missing")
    expect(chip).to_have_attribute("aria-pressed", "true")


def test_the_language_switch_shows_chinese_and_english(page: Page, server: str) -> None:
    page.goto(f"{server}/?lang=en")
    page.locator("#lang-zh").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_contain_text("对联合国毒品和犯罪问题办公室的评价")
    expect(page.locator("#rec-R1 [data-role=status]")).to_have_text("尚未开始")
    expect(page.locator("button.chip[data-code='R1.a']")).to_contain_text("无证据")
    page.locator("#lang-en").click()
    expect(page.locator("#rec-R1 [data-role=status]")).to_have_text("Not started")


def test_nothing_is_loaded_from_outside_the_server(page: Page, server: str) -> None:
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.on("request", record)
    page.goto(f"{server}/?lang=en")
    page.locator("button.chip[data-code='R2.a']").click()
    expect(page.locator("#detail")).to_be_visible()
    assert requested
    assert all(url.startswith(server) for url in requested), requested
