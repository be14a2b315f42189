"""Attachments over HTTP: recognised by content, stored once per SHA-256, streamed back as
downloads that never run as pages, only ever added."""

import hashlib
import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from app.config import Settings
from app.db import Database
from app.main import create_app
from app.models import AttachmentChunk, AttachmentContent, EvidenceAttachment
from tests.attachments.files import CSV, HTML, SVG, pdf, png, xlsx
from tests.builders import indicator_ids, post_evidence, signed

PDF = pdf()


def attach(
    client: TestClient, evidence_id: int, *files: tuple[str, bytes], actor: str = "officer"
) -> Any:
    return client.post(
        f"/api/v1/evidence/{evidence_id}/attachments",
        files=[("file", (name, content, "application/octet-stream")) for name, content in files],
        headers=signed(client, actor, "contributor"),
    )


def stored(database: Database) -> tuple[int, int, int]:
    """How many contents, chunks and links the database holds."""
    with database.read_session() as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(table)).one()
            for table in (AttachmentContent, AttachmentChunk, EvidenceAttachment)
        )


@pytest.fixture
def item(client: TestClient, seeded: int) -> dict[str, Any]:
    return post_evidence(client, indicator_ids(client)["R1.a"], title="UNODC Strategy 2021-2025")


def test_an_attached_file_is_listed_and_downloads_byte_identical(
    client: TestClient, item: dict[str, Any]
) -> None:
    response = attach(client, item["id"], ("Strategy 2021-2025.pdf", PDF))
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/v1/evidence/{item['id']}/attachments"
    sha = hashlib.sha256(PDF).hexdigest()
    [attached] = response.json()
    assert attached == {
        "name": "Strategy 2021-2025.pdf",
        "size": len(PDF),
        "media_type": "application/pdf",
        "sha256": sha,
        "url": f"/api/v1/attachments/{sha}",
        "added_at": attached["added_at"],
        "added_by": "officer",
    }
    assert client.get(f"/api/v1/evidence/{item['id']}").json()["attachments"] == [attached]
    assert client.get(f"/api/v1/evidence/{item['id']}/attachments").json() == [attached]

    download = client.get(attached["url"])
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["etag"] == f'"{sha}"'
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in download.headers["content-security-policy"]
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "Strategy%202021-2025.pdf" in download.headers["content-disposition"]
    again = client.get(attached["url"], headers={"If-None-Match": f'"{sha}"'})
    assert again.status_code == 304
    assert again.content == b""


def test_a_file_larger_than_a_chunk_streams_back_whole(
    client: TestClient, item: dict[str, Any], database: Database
) -> None:
    # Text over two chunks, with multi-byte characters across the chunk boundaries.
    content = ("R1.a,战略已通过,2021\n" * 120_000).encode()
    assert len(content) > 2 * (1 << 20)
    response = attach(client, item["id"], ("results framework.csv", content))
    assert response.status_code == 201, response.text
    assert response.json()[0]["media_type"] == "text/csv"
    assert stored(database) == (1, 3, 1)
    assert client.get(response.json()[0]["url"]).content == content


def test_one_content_is_stored_once_however_many_items_hold_it(
    client: TestClient, seeded: int, database: Database
) -> None:
    ids = indicator_ids(client)
    first = post_evidence(client, ids["R1.a"], title="Strategy")
    second = post_evidence(client, ids["R3.a"], title="Strategy, for the SDG indicator")
    assert attach(client, first["id"], ("strategy.pdf", PDF)).status_code == 201
    assert attach(client, second["id"], ("unodc-strategy.pdf", PDF)).status_code == 201
    # The same content twice on one item is one attachment, answered again.
    repeat = attach(client, first["id"], ("copy.pdf", PDF))
    assert repeat.status_code == 201
    assert repeat.json()[0]["name"] == "strategy.pdf"
    assert stored(database) == (1, 1, 2)
    names = [
        a["name"] for a in client.get(f"/api/v1/evidence/{second['id']}").json()["attachments"]
    ]
    assert names == ["unodc-strategy.pdf"]


@pytest.mark.parametrize("content", [HTML, SVG, png()], ids=["html", "svg", "png"])
def test_content_that_is_not_what_its_name_says_is_refused(
    client: TestClient, item: dict[str, Any], database: Database, content: bytes
) -> None:
    response = attach(client, item["id"], ("minutes.pdf", PDF), ("report.pdf", content))
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert "report.pdf" in problem["detail"]
    assert problem["errors"][0]["field"] == "file"
    assert stored(database) == (0, 0, 0)  # the good file sent with it is not kept either


def test_markup_named_csv_and_kinds_off_the_list_are_refused(
    client: TestClient, item: dict[str, Any], database: Database
) -> None:
    assert attach(client, item["id"], ("table.csv", HTML)).status_code == 422
    refused = attach(client, item["id"], ("setup.exe", b"MZ\x90\x00"))
    assert refused.status_code == 415
    assert ".pdf" in refused.json()["detail"]
    assert stored(database) == (0, 0, 0)


def test_office_images_and_csv_are_accepted(client: TestClient, item: dict[str, Any]) -> None:
    response = attach(
        client, item["id"], ("framework.xlsx", xlsx()), ("chart.png", png()), ("t.csv", CSV)
    )
    assert response.status_code == 201, response.text
    assert [a["media_type"] for a in response.json()] == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/png",
        "text/csv",
    ]


@pytest.fixture
def small_limit(settings: Settings, admin_token: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"max_attachment_bytes": 4096}))) as c:
        c.headers["Authorization"] = f"Bearer {admin_token}"
        yield c


def test_a_file_over_the_limit_gets_413_and_nothing_is_stored(
    small_limit: TestClient, seeded: int, database: Database
) -> None:
    client = small_limit
    item = post_evidence(client, indicator_ids(client)["R1.a"])
    big = ("a,b\n" * 2000).encode()
    response = attach(client, item["id"], ("small.pdf", PDF), ("big.csv", big))
    assert response.status_code == 413
    assert "big.csv" in response.json()["detail"]
    # Far over the whole request's limit: refused from its declared length.
    huge = attach(client, item["id"], *[(f"{n}.csv", big * 2) for n in range(3)])
    assert huge.status_code == 413
    assert stored(database) == (0, 0, 0)


def test_only_contributors_attach_and_nothing_is_removed(
    client: TestClient, item: dict[str, Any]
) -> None:
    url = f"/api/v1/evidence/{item['id']}/attachments"
    viewer = client.post(
        url, files={"file": ("a.pdf", PDF)}, headers=signed(client, "reader", "viewer")
    )
    assert viewer.status_code == 403
    anonymous = client.post(url, files={"file": ("a.pdf", PDF)}, headers={"Authorization": ""})
    assert anonymous.status_code == 401
    sha = hashlib.sha256(PDF).hexdigest()
    assert attach(client, item["id"], ("a.pdf", PDF)).status_code == 201
    assert client.delete(url).status_code == 405
    assert client.delete(f"/api/v1/attachments/{sha}").status_code == 405


def test_a_withdrawn_item_takes_no_more_files(client: TestClient, item: dict[str, Any]) -> None:
    withdrawn = client.post(
        f"/api/v1/evidence/{item['id']}/withdrawal", json={"reason": "wrong document"}
    )
    assert withdrawn.status_code == 201
    response = attach(client, item["id"], ("a.pdf", PDF))
    assert response.status_code == 409
    assert "withdrawn" in response.json()["detail"]


def test_a_correction_carries_attachments_forward_by_hash(
    client: TestClient, item: dict[str, Any]
) -> None:
    kept, dropped = PDF, png()
    attach(client, item["id"], ("strategy.pdf", kept), ("draft.png", dropped))
    ind = indicator_ids(client)["R1.a"]
    unknown = hashlib.sha256(b"never attached").hexdigest()
    refused = client.post(
        f"/api/v1/indicators/{ind}/evidence",
        json={"title": "Strategy (signed)", "supersedes_id": item["id"], "attachments": [unknown]},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.attachments.0"
    sha = hashlib.sha256(kept).hexdigest()
    correction = client.post(
        f"/api/v1/indicators/{ind}/evidence",
        json={"title": "Strategy (signed)", "supersedes_id": item["id"], "attachments": [sha]},
    )
    assert correction.status_code == 201, correction.text
    carried = correction.json()["attachments"]
    assert [(a["name"], a["sha256"]) for a in carried] == [("strategy.pdf", sha)]
    assert client.get(f"/api/v1/evidence/{correction.json()['id']}").json()["attachments"] == (
        carried
    )
    # The corrected item keeps both of its files.
    assert len(client.get(f"/api/v1/evidence/{item['id']}").json()["attachments"]) == 2
    without_correction = client.post(
        f"/api/v1/indicators/{ind}/evidence", json={"title": "New", "attachments": [sha]}
    )
    assert without_correction.status_code == 422


def test_the_change_feed_lists_attachments(client: TestClient, item: dict[str, Any]) -> None:
    attach(client, item["id"], ("strategy.pdf", PDF))
    sha = hashlib.sha256(PDF).hexdigest()
    ind = indicator_ids(client)["R1.a"]
    client.post(
        f"/api/v1/indicators/{ind}/evidence",
        json={"title": "Strategy (signed)", "supersedes_id": item["id"], "attachments": [sha]},
    )
    changes = client.get("/api/v1/changes", params={"limit": 500}).json()["items"]
    described = {
        "name": "strategy.pdf",
        "size": len(PDF),
        "media_type": "application/pdf",
        "sha256": sha,
    }
    added = [c for c in changes if c["kind"] == "attachment_added"]
    assert [c["data"]["after"] for c in added] == [described]
    assert added[0]["entity_id"] == item["id"]
    correction = [c for c in changes if c["kind"] == "evidence_recorded"][-1]
    assert correction["data"]["after"]["attachments"] == [described]


def test_unknown_hashes_are_404_and_malformed_ones_422(client: TestClient, seeded: int) -> None:
    assert client.get(f"/api/v1/attachments/{'0' * 64}").status_code == 404
    assert client.get("/api/v1/attachments/not-a-hash").status_code == 422
    assert client.get(f"/api/v1/attachments/{'A' * 64}").status_code == 422


def test_the_export_lists_the_files_of_current_evidence(
    client: TestClient, item: dict[str, Any]
) -> None:
    attach(client, item["id"], ("strategy.pdf", PDF))
    gone = post_evidence(client, indicator_ids(client)["R2.c"], title="By mistake")
    attach(client, gone["id"], ("wrong.png", png()))
    client.post(f"/api/v1/evidence/{gone['id']}/withdrawal", json={"reason": "duplicate"})
    response = client.get("/api/v1/reports/oios-unodc-2021/export.xlsx")
    assert response.status_code == 200, response.text
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["attachments"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[:7] == [
        "evidence_id",
        "external_id",
        "indicator",
        "name",
        "size",
        "media_type",
        "sha256",
    ]
    assert [r[:7] for r in rows] == [
        [
            item["id"],
            None,
            "R1.a",
            "strategy.pdf",
            len(PDF),
            "application/pdf",
            hashlib.sha256(PDF).hexdigest(),
        ]
    ]
