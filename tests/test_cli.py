"""The `followup` command, run as a user runs it: as a separate process."""

import os
import subprocess
import sys
from pathlib import Path

from tests.records import ROOT, SEED_FILE

FOLLOWUP = str(Path(sys.executable).parent / "followup")


def run(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOLLOWUP_DATABASE_URL": database_url, "COLUMNS": "200"}
    return subprocess.run(
        [FOLLOWUP, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


def test_upgrade_load_twice_and_print_status(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run(url, "db", "upgrade").returncode == 0
    first = run(url, "load", str(SEED_FILE.parent))
    assert first.returncode == 0, first.stderr
    assert "3 recommendations created" in first.stdout
    second = run(url, "load", str(SEED_FILE))
    assert second.returncode == 0
    assert "unchanged" in second.stdout
    status = run(url, "status", "--report", "oios-unodc-2021", "--as-of", "2030-01-01")
    assert status.returncode == 0, status.stderr
    assert status.stdout.count("not_started") >= 3
    assert "acceptance rate 1.00" in status.stdout


def test_loading_a_broken_file_fails_with_the_field_named(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    run(url, "db", "upgrade")
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: followup/report-v1\nreport:\n  code: x1\n", encoding="utf-8")
    result = run(url, "load", str(broken))
    assert result.returncode == 1
    assert "report.title" in result.stderr


def test_status_of_an_unknown_report_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    run(url, "db", "upgrade")
    result = run(url, "status", "--report", "nope")
    assert result.returncode == 1
    assert "no report" in result.stderr
