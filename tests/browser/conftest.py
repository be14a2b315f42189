"""A real server and Debian's Chromium, driven headless by Playwright."""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.servers import bearer, prepare, serving

CHROMIUM = os.environ.get("FOLLOWUP_TEST_CHROMIUM", "/usr/bin/chromium")
POLL_SECONDS = 1
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium, or make browser)"
        if os.environ.get("FOLLOWUP_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests cannot run: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@dataclass(frozen=True)
class Served:
    base: str
    auth: dict[str, str]  # an admin's Authorization header, for writes


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A server whose dashboard anyone may read (as on a wall screen); writes need a token."""
    env = prepare(f"sqlite:///{tmp_path / 'dashboard.db'}")
    env["FOLLOWUP_DASHBOARD_POLL_SECONDS"] = str(POLL_SECONDS)
    env["FOLLOWUP_PUBLIC_READ"] = "true"
    with serving(env, tmp_path / "server.log") as base:
        yield Served(base=base, auth=bearer(env))


@pytest.fixture
def server(served: Served) -> str:
    return served.base


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()
