"""A file longer than one batch: every row's evidence gets its own verdict and, when corrected,
supersedes its own earlier item, whichever batch it fell in."""

from fastapi.testclient import TestClient

from app.evidence_sheets.service import BATCH
from tests.builders import indicator_ids
from tests.evidence_sheets.sheets import all_evidence, by_external_id, commit, counts, csv_bytes

CODES = ["R1.a", "R1.b", "R1.c", "R2.a", "R2.b", "R2.c", "R3.a"]
ROWS = BATCH + 400  # two batches; at most 400 items per indicator after one correction each
VERDICTS = ["", "meets", "partially_meets", "does_not_meet"]


def sheet(revision: str, shift: int) -> bytes:
    rows = [["indicator", "title", "external_id", "verdict"]]
    rows += [
        [CODES[n % 7], f"Item {n}{revision}", f"b-{n}", VERDICTS[(n + shift) % 4]]
        for n in range(ROWS)
    ]
    return csv_bytes(rows)


def check(client: TestClient, revision: str, shift: int) -> None:
    ids = indicator_ids(client)
    current = by_external_id(client)
    assert len(current) == ROWS
    for external_id, item in current.items():
        n = int(external_id.removeprefix("b-"))
        assert item["title"] == f"Item {n}{revision}"
        assert item["indicator_id"] == ids[CODES[n % 7]]
        assert item["verdict"] == (VERDICTS[(n + shift) % 4] or None)


def test_each_row_of_a_long_file_lands_on_its_own_item(client: TestClient, seeded: int) -> None:
    first = commit(client, sheet("", 0))
    assert counts(first) == {
        "rows": ROWS,
        "created": ROWS,
        "superseded": 0,
        "assessed": 0,
        "unchanged": 0,
    }
    check(client, "", 0)
    before = {e["external_id"]: e["id"] for e in all_evidence(client)}

    second = commit(client, sheet(" (revised)", 1))

    assert counts(second)["superseded"] == ROWS
    check(client, " (revised)", 1)
    for external_id, item in by_external_id(client).items():
        assert item["supersedes_id"] == before[external_id]
