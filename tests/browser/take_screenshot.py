"""Writes docs/dashboard.png: the dashboard with the example evidence imported, a progress
report and an official assessment recorded; and beside it the officers' forms
(docs/form-record.png, docs/form-item.png, docs/form-import.png) as an evaluation officer
signed in sees them (make screenshot)."""

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import Browser, sync_playwright

from tests.attachments.files import pdf
from tests.browser.conftest import ARGS, CHROMIUM
from tests.records import ROOT
from tests.servers import FOLLOWUP, bearer, prepare, serving

EXAMPLE = ROOT / "seed_data" / "examples" / "evidence-example.csv"


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(f"sqlite:///{Path(tmp) / 'screenshot.db'}")
        env["FOLLOWUP_PUBLIC_READ"] = "true"
        subprocess.run(
            [FOLLOWUP, "import", str(EXAMPLE), "--report", "oios-unodc-2021", "--commit"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        with serving(env, Path(tmp) / "server.log") as base, sync_playwright() as playwright:
            _follow_up(base, bearer(env))
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/?lang=zh")
            page.locator("button.chip[data-code='R1.a']").click()
            page.locator("#detail").wait_for(state="visible")
            page.screenshot(path=str(out), full_page=True)
            _forms(browser, base, bearer(env), out.parent, Path(tmp))
            browser.close()
    print(f"wrote {out} and the forms beside it")


def _forms(browser: Browser, base: str, auth: dict[str, str], docs: Path, tmp: Path) -> None:
    """The record form refused next to a field, an item's page, a spreadsheet's dry run."""
    made = httpx.post(
        f"{base}/api/v1/tokens",
        json={"name": "evaluation.officer@oios", "role": "evaluator"},
        headers=auth,
    )
    made.raise_for_status()
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{base}/login?lang=zh")
    page.fill("#token", made.json()["token"])
    page.click("button[type=submit]")
    page.locator("#report-title").wait_for()
    report = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021", headers=auth).json()
    indicator = report["recommendations"][0]["indicators"][0]["id"]
    page.goto(f"{base}/dashboard/indicators/{indicator}/record?lang=zh")
    page.fill("#record-title", "毒品和犯罪问题办公室 2021-2025 年战略")
    page.fill("#record-source_url", "unodc.org/strategy")
    page.click("#record button[type=submit]")
    page.screenshot(path=str(docs / "form-record.png"), full_page=True)
    strategy = tmp / "UNODC-Strategy-2021-2025.pdf"
    strategy.write_bytes(pdf("UNODC Strategy 2021-2025"))
    page.fill("#record-source_url", "https://www.unodc.org/unodc/en/strategy/index.html")
    page.set_input_files("#record-file", str(strategy))
    page.click("#record button[type=submit]")
    page.locator("#attachments").wait_for()
    page.screenshot(path=str(docs / "form-item.png"), full_page=True)
    sheet = tmp / "evidence.csv"
    sheet.write_text(
        "indicator,title,effective_on\nR1.b,Staffing review,2023-05-01\n"
        "R9.z,Unknown indicator,2023-05-01\n",
        encoding="utf-8",
    )
    page.goto(f"{base}/dashboard/reports/{report['id']}/import?lang=zh")
    page.set_input_files("#sheet-file", str(sheet))
    page.click("#sheet button[type=submit]")
    page.locator("#row-errors").wait_for()
    page.screenshot(path=str(docs / "form-import.png"), full_page=True)
    page.close()


def _follow_up(base: str, auth: dict[str, str]) -> None:
    """A cycle under way: the entity reports on R2, the oversight body assesses R3."""
    report = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021", headers=auth).json()
    ids = {r["code"]: r["id"] for r in report["recommendations"]}
    writes = [
        (
            f"/api/v1/recommendations/{ids['R2']}/progress-reports",
            {"status": "implemented", "narrative": "Gender marker applied to all programmes"},
        ),
        (
            f"/api/v1/recommendations/{ids['R3']}/assessments",
            {"status": "in_progress", "source_ref": "Triennial review (example)"},
        ),
    ]
    for path, body in writes:
        httpx.post(f"{base}{path}", json=body, headers=auth).raise_for_status()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "dashboard.png")
