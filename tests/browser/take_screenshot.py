"""Writes docs/dashboard.png: the dashboard with the example evidence imported, a progress
report and an official assessment recorded (make screenshot)."""

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

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
            browser.close()
    print(f"wrote {out}")


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
