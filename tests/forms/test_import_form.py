"""The spreadsheet import in the browser: a dry run shows its counts or every row error in a
table; a clean file is confirmed by its hash without being sent again."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from app.config import Settings
from app.db import Database
from app.models import Evidence
from tests.forms.signed_in import csrf_of, element, signed_in

GOOD = (
    "indicator,title,effective_on\n"
    "R1.a,UNODC Strategy 2021-2025,2021-02-15\n"
    "R2.c,Gender marker,2022-01-10\n"
)
BAD = (
    "indicator,title,effective_on\n"
    "R9.z,Nowhere,2021-02-15\n"
    "R1.a,,2021-02-15\n"
    "R1.a,Fine,2099-01-01\n"
)


@pytest.fixture
def focal_point(settings: Settings, database: Database, seeded: int) -> Iterator[TestClient]:
    with signed_in(settings, database, "focal.point@unodc", "contributor") as client:
        yield client


def evidence_count(database: Database) -> int:
    with database.read_session() as session:
        found: int = session.exec(select(func.count()).select_from(Evidence)).one()
        return found


def test_a_clean_file_is_checked_then_confirmed(
    focal_point: TestClient, seeded: int, database: Database
) -> None:
    url = f"/dashboard/reports/{seeded}/import"
    page = focal_point.get(url)
    assert page.status_code == 200
    token = csrf_of(page.text)
    checked = focal_point.post(
        url,
        data={"csrf_token": token, "lang": "en"},
        files={"file": ("evidence.csv", GOOD, "text/csv")},
    )
    assert checked.status_code == 200, checked.text
    assert '<p id="counts">2 new, 0 unchanged, 0 corrected, 0 verdicts</p>' in checked.text
    assert evidence_count(database) == 0  # a dry run writes no evidence
    confirm = element(checked.text, "confirm")
    assert confirm["action"] == f"{url}/confirm"
    sha = checked.text.split('name="sheet" value="')[1].split('"')[0]
    done = focal_point.post(
        f"{url}/confirm",
        data={"csrf_token": token, "sheet": sha, "file_name": "evidence.csv"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert evidence_count(database) == 2
    shown = focal_point.get(done.headers["location"])
    assert element(shown.text, "imported")["role"] == "status"
    imports = focal_point.get(f"/api/v1/reports/{seeded}/imports").json()["items"]
    assert [(i["sha256"], i["file_name"], i["imported_by"]) for i in imports] == [
        (sha, "evidence.csv", "focal.point@unodc")
    ]


def test_every_row_error_is_shown_in_a_table_and_nothing_is_kept(
    focal_point: TestClient, seeded: int, database: Database
) -> None:
    url = f"/dashboard/reports/{seeded}/import"
    token = csrf_of(focal_point.get(url).text)
    refused = focal_point.post(
        url, data={"csrf_token": token}, files={"file": ("evidence.csv", BAD, "text/csv")}
    )
    assert refused.status_code == 422
    table = refused.text.split('<table id="row-errors"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].count("<tr>")
    assert rows == 3
    assert 'id="confirm"' not in refused.text
    assert evidence_count(database) == 0
    forged = focal_point.post(
        f"{url}/confirm", data={"csrf_token": token, "sheet": "0" * 64, "file_name": "x.csv"}
    )
    assert forged.status_code == 422
    assert evidence_count(database) == 0
