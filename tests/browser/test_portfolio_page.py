"""The portfolio page in Chromium: groups by body, entity and year as a table and a chart,
filters, links to each group's reports; no serious or critical axe-core violation."""

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Served
from tests.browser.test_accessibility import serious_violations
from tests.scopes.portfolio import OURS, THEIRS, other_entitys_report


@pytest.fixture
def two_reports(served: Served) -> Served:
    loaded = httpx.post(
        f"{served.base}/api/v1/reports", json=other_entitys_report(), headers=served.auth
    )
    assert loaded.status_code == 201, loaded.text
    return served


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_groups_filters_and_links(page: Page, two_reports: Served, lang: str) -> None:
    base = two_reports.base
    page.goto(f"{base}/portfolio?lang={lang}")
    rows = page.locator("#groups tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-group", "JIU")
    expect(rows.nth(1)).to_have_attribute("data-group", "OIOS")
    expect(rows.nth(1).locator("[data-role=recommendations]")).to_have_text("3")
    expect(page.locator("#chart rect")).to_have_count(2)
    assert serious_violations(page) == []

    page.select_option("#group_by", "year")
    page.select_option("#filter-entity", "UNODC")
    page.locator("form.filters button").click()
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_have_attribute("data-group", "2021")
    expect(rows.nth(0).locator("ul.reports a")).to_have_text([OURS])
    expect(rows.nth(0).locator("[data-role=oldest-open]")).to_contain_text(f"{OURS} R1")
    assert serious_violations(page) == []

    page.locator("ul.reports a", has_text=OURS).click()
    expect(page.locator("#report-title")).to_be_visible()
    page.goto(f"{base}/portfolio?lang={lang}&group_by=entity")
    page.locator("ul.reports a", has_text=THEIRS).click()
    expect(page).to_have_url(f"{base}/?report={THEIRS}&lang={lang}")
