"""Writes docs/dashboard.png: the dashboard with the example evidence imported (make screenshot)."""

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import ARGS, CHROMIUM
from tests.records import ROOT
from tests.servers import FOLLOWUP, prepare, serving

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
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/?lang=zh")
            page.locator("button.chip[data-code='R1.a']").click()
            page.locator("#detail").wait_for(state="visible")
            page.screenshot(path=str(out), full_page=True)
            browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "dashboard.png")
