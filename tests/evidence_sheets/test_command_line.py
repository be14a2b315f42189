"""`followup import` and `followup export`, run as a user runs them: as separate processes,
against a local SQLite database."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.evidence_sheets.sheets import COLUMNS, csv_bytes
from tests.records import ROOT, SEED_FILE

FOLLOWUP = str(Path(sys.executable).parent / "followup")
REPORT = "oios-unodc-2021"
HEADER = ["indicator", "title", "effective_on", "external_id", "verdict"]
FORMULA = '=HYPERLINK("http://x","y")'
GOOD = csv_bytes(
    [
        HEADER,
        ["R1.a", "UNODC Strategy 2021-2025", "2021-03-01", "strategy", "partially_meets"],
        ["R3.a", FORMULA, "2023-12-31", "joint", ""],
    ]
)
BAD = csv_bytes(
    [
        HEADER,
        ["R1.a", "Strategy", "2021-03-01", "s-1", ""],
        ["R9.z", "Unknown indicator", "2021-03-01", "s-2", ""],
        ["R1.b", "Unknown verdict", "2021-03-01", "s-3", "great"],
    ]
)


def run(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOLLOWUP_DATABASE_URL": f"sqlite:///{database}", "COLUMNS": "200"}
    return subprocess.run(
        [FOLLOWUP, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated and loaded with the seed report by the command line, once."""
    path = tmp_path_factory.mktemp("cli") / "seeded.db"
    assert run(path, "db", "upgrade").returncode == 0
    loaded = run(path, "load", str(SEED_FILE))
    assert loaded.returncode == 0, loaded.stderr
    return path


@pytest.fixture
def database(seeded_file: Path, tmp_path: Path) -> Path:
    """A copy of the seeded database for one test."""
    path = tmp_path / "cli.db"
    shutil.copy(seeded_file, path)
    return path


def stored(database: Path) -> dict[str, str]:
    """Titles of the evidence in the database, by external id."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT external_id, title FROM evidence").fetchall()
    connection.close()
    return dict(rows)


def imports(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute("SELECT count(*) FROM evidence_import").fetchone()
    connection.close()
    assert isinstance(count, int)
    return count


def table_rows(output: str) -> list[list[str]]:
    """The body rows of a table that rich drew."""
    return [
        [cell.strip() for cell in line.strip().strip("│").split("│")]
        for line in output.splitlines()
        if line.strip().startswith("│")
    ]


def test_import_is_a_dry_run_until_committed(database: Path, tmp_path: Path) -> None:
    file = tmp_path / "evidence.csv"
    file.write_bytes(GOOD)

    dry = run(database, "import", str(file), "--report", REPORT)

    assert dry.returncode == 0, dry.stderr
    assert "dry run" in dry.stdout
    assert ["2", "2", "0", "0", "0"] in table_rows(dry.stdout)  # rows, created, ...
    assert (stored(database), imports(database)) == ({}, 0)

    done = run(database, "import", str(file), "--report", REPORT, "--commit")

    assert done.returncode == 0, done.stderr
    assert "imported as import 1" in done.stdout
    assert stored(database) == {"strategy": "UNODC Strategy 2021-2025", "joint": FORMULA}
    assert imports(database) == 1


def test_a_bad_file_fails_with_its_row_errors_and_writes_nothing(
    database: Path, tmp_path: Path
) -> None:
    file = tmp_path / "bad.csv"
    file.write_bytes(BAD)

    result = run(database, "import", str(file), "--report", REPORT, "--commit")

    assert result.returncode == 1
    assert "2 errors" in result.stderr
    located = [row[:3] for row in table_rows(result.stderr)]
    assert located == [["3", "indicator", "R9.z"], ["4", "verdict", "great"]]
    assert (stored(database), imports(database)) == ({}, 0)


def test_export_writes_the_workbook_and_the_evidence_csv(database: Path, tmp_path: Path) -> None:
    workbook, sheet = tmp_path / "out.xlsx", tmp_path / "out.csv"

    for out in (workbook, sheet):
        result = run(database, "export", "--report", REPORT, str(out))
        assert result.returncode == 0, result.stderr
        assert f"wrote {out}" in " ".join(result.stdout.split())

    book = load_workbook(workbook, read_only=True)
    assert book.sheetnames == ["status", "evidence", "actions", "attachments"]
    status = [list(row)[:2] for row in book["status"].iter_rows(values_only=True)]
    evidence = [list(row) for row in book["evidence"].iter_rows(values_only=True)]
    book.close()
    assert {"R1", "R2", "R3", "R1.a", "R3.a"} <= {code for _, code in status}
    assert evidence == [COLUMNS]
    assert sheet.read_text(encoding="utf-8-sig").splitlines() == [",".join(COLUMNS)]


def test_export_explains_in_the_language_asked(database: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "zh.xlsx"
    result = run(database, "export", "--report", REPORT, "--lang", "zh", str(workbook))
    assert result.returncode == 0, result.stderr
    book = load_workbook(workbook, read_only=True)
    rows = list(book["status"].iter_rows(values_only=True))
    book.close()
    column = rows[0].index("explanation")
    said = {str(row[1]): str(row[column]) for row in rows[1:]}
    assert said["R2"].startswith("R2 尚未开始")
    refused = run(database, "export", "--report", REPORT, "--lang", "de", str(workbook))
    assert refused.returncode == 2
