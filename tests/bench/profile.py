"""make profile: pyinstrument flame graphs of the two paths that matter, written as HTML under
.bench/: computing a report's status from the record (what every cache miss and every
`?as_of=` costs) and importing a spreadsheet."""

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pyinstrument import Profiler

from app.clock import SYSTEM_CLOCK
from app.config import Settings
from app.db import Database
from app.evidence_sheets.outcome import ImportLimits, SheetUpload
from app.evidence_sheets.service import import_staged, stage_evidence_sheet
from app.services.reports import find_report
from tests.bench.portfolio import copy_of, generate
from tests.records import status_afresh, write

WORK = Path(__file__).resolve().parents[2] / ".bench"
ROWS = 50_000


def profile_status(database: Database) -> Path:
    profiler = Profiler()
    profiler.start()
    for days in range(0, 5 * 365, 73):
        status_afresh(database, "bench-r1", datetime.now(UTC) - timedelta(days=days))
    profiler.stop()
    out = WORK / "profile-status.html"
    out.write_text(profiler.output_html(), encoding="utf-8")
    return out


def profile_import(database: Database) -> Path:
    sheet = WORK / "profile-import.csv"
    with sheet.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["indicator", "title", "source_url", "external_id", "verdict"])
        for n in range(ROWS):
            writer.writerow(
                [f"R1.{'abc'[n % 3]}", f"Item {n}", f"https://example.org/{n}", f"p-{n}", "meets"]
            )
    profiler = Profiler()
    with database.read_session() as session, sheet.open("rb") as stream:
        report = find_report(session, "bench-r1")
        upload = SheetUpload(
            stream=stream,
            file_name=sheet.name,
            limits=ImportLimits.of(Settings()),
        )
        profiler.start()
        staged = stage_evidence_sheet(
            session, report, upload, actor="profile", now=SYSTEM_CLOCK.now(), dry_run=False
        )
        session.commit()
        try:
            write(database, lambda unit: import_staged(unit, report, staged), actor="profile")
        finally:
            staged.close()
        profiler.stop()
    page = WORK / "profile-import.html"
    page.write_text(profiler.output_html(), encoding="utf-8")
    return page


def main() -> None:
    WORK.mkdir(exist_ok=True)
    source = generate(WORK / "portfolio-1000000.db", 1_000_000)
    target = copy_of(source, WORK / "run-profile.db")
    database = Database.from_settings(Settings(database_url=f"sqlite:///{target}"))
    try:
        for path in (profile_status(database), profile_import(database)):
            print(f"wrote {path}")
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
