"""Data versions: a process re-reads every report's counter only when the whole record moved."""

from app.db import Database
from app.models.data_version import ALL_REPORTS
from app.status_reads.versions import read_versions
from app.writes.unit_of_work import bump_versions


def write_to(database: Database, report_id: int) -> None:
    with database.write_session() as session:
        bump_versions(session, {ALL_REPORTS, report_id})
        session.commit()


def read(database: Database, known: dict[int, int] | None = None) -> dict[int, int]:
    with database.read_session() as session:
        return read_versions(session, known)


def test_known_versions_stand_until_the_whole_record_moves(database: Database) -> None:
    write_to(database, 5)
    known = read(database)
    assert read(database, known) is known  # nothing moved: one row read, the rest kept

    write_to(database, 7)
    moved = read(database, known)

    assert moved[ALL_REPORTS] == known[ALL_REPORTS] + 1
    assert moved[7] == known.get(7, 0) + 1
    assert moved[5] == known[5]
