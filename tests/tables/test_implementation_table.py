"""The implementation table (HTML, XLSX, PDF and `followup table`): one row per
recommendation, in the language asked, agreeing with the status endpoint for the same
`as_of` and `known_at`."""

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.wording.terms import term
from tests.builders import REPORT, indicator_ids, post_evidence, recommendation_ids, signed
from tests.fakes import FakeClock

TABLE = f"/api/v1/reports/{REPORT}/implementation-table"
NARRATIVE = "战略草案已提交高级管理层。"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by make pdf"
)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "table.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def moments(clocked: TestClient, seeded: int, clock: FakeClock) -> dict[str, str]:
    """R3 implemented on day 0 (its one indicator met); two days later the entity reports
    progress on R1. Returns the moments the tests read at."""
    day0 = clocked.get(f"/api/v1/reports/{REPORT}/status").json()["evaluated_on"]
    post_evidence(clocked, indicator_ids(clocked)["R3.a"], verdict="meets")
    clock.advance(2 * 86_400)
    made = clocked.post(
        f"/api/v1/recommendations/{recommendation_ids(clocked)['R1']}/progress-reports",
        json={"status": "in_progress", "narrative": NARRATIVE},
        headers=signed(clocked, "unodc.focal", role="contributor"),
    )
    assert made.status_code == 201, made.text
    start = clocked.get(f"/api/v1/reports/{REPORT}/status").json()["evaluated_on"]
    assert start > day0
    before = (clock.now() - timedelta(days=3)).date().isoformat()
    between = (clock.now() - timedelta(days=1)).date().isoformat()
    return {"before": before, "between": between}


def readings(moments: dict[str, str]) -> list[dict[str, str]]:
    return [
        {},
        {"as_of": moments["before"]},
        {"known_at": moments["between"]},
        {"as_of": moments["between"], "known_at": moments["between"]},
    ]


def statuses(client: TestClient, params: dict[str, str]) -> dict[str, dict[str, Any]]:
    body = client.get(f"/api/v1/reports/{REPORT}/status", params=params).json()
    return {r["code"]: r for r in body["recommendations"]}


def test_the_html_table_agrees_with_the_status_endpoint(
    clocked: TestClient, moments: dict[str, str]
) -> None:
    for params in readings(moments):
        answer = clocked.get(f"{TABLE}.html", params={**params, "lang": "en"})
        assert answer.status_code == 200
        rows = dict(re.findall(r'<tr data-code="(R\d)" data-status="([a-z_]+)">', answer.text))
        expected = statuses(clocked, params)
        assert rows == {code: r["status"] for code, r in expected.items()}, params
    now = clocked.get(f"{TABLE}.html", params={"lang": "en"}).text
    assert NARRATIVE in now, "R1's latest comment is its progress report"
    told_then = clocked.get(f"{TABLE}.html", params={"lang": "en", "known_at": moments["between"]})
    assert NARRATIVE not in told_then.text, "the progress report was recorded after known_at"


def test_the_html_table_has_the_dashboards_security_headers(
    clocked: TestClient, moments: dict[str, str]
) -> None:
    table = clocked.get(f"{TABLE}.html", params={"lang": "zh"})
    page = clocked.get("/", params={"lang": "zh"})
    for name in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Cache-Control"):
        assert table.headers[name] == page.headers[name]
    nonce = re.search(r"'nonce-([^']+)'", table.headers["Content-Security-Policy"])
    assert nonce is not None
    policy = page.headers["Content-Security-Policy"]
    page_nonce = re.search(r"'nonce-([^']+)'", policy)
    assert page_nonce is not None
    assert table.headers["Content-Security-Policy"] == policy.replace(
        page_nonce.group(1), nonce.group(1)
    )
    assert f'<style nonce="{nonce.group(1)}">' in table.text
    assert "<script" not in table.text


def test_the_xlsx_table_has_one_row_per_recommendation(
    clocked: TestClient, moments: dict[str, str]
) -> None:
    for params in readings(moments):
        answer = clocked.get(f"{TABLE}.xlsx", params={**params, "lang": "zh"})
        assert answer.status_code == 200
        workbook = load_workbook(io.BytesIO(answer.content), read_only=True)
        rows = list(workbook["implementation"].iter_rows(values_only=True))
        heading, body = rows[0], rows[1:]
        assert len(body) == 3
        column = {name: n for n, name in enumerate(heading)}
        expected = statuses(clocked, params)
        for row in body:
            code = str(row[column["code"]])
            assert row[column["status_code"]] == expected[code]["status"]
            assert row[column["状态"]] == term(expected[code]["status"], "zh")
        about = {r[0]: r[1] for r in workbook["report"].iter_rows(values_only=True) if len(r) > 1}
        assert str(about["报告"]).startswith("对联合国毒品和犯罪问题办公室的评价")


def test_the_pdf_holds_the_chinese_texts_and_statuses_on_a4_pages(
    clocked: TestClient, moments: dict[str, str], tmp_path: Path
) -> None:
    detail = clocked.get(f"/api/v1/reports/{REPORT}").json()
    for params in readings(moments)[:2]:
        answer = clocked.get(f"{TABLE}.pdf", params={**params, "lang": "zh"})
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/pdf"
        text = squeezed(pdf_text(answer.content, tmp_path))
        for rec in detail["recommendations"]:
            assert squeezed(rec["text"]["zh"]) in text
        for rec in statuses(clocked, params).values():
            assert squeezed(term(rec["status"], "zh")) in text
        assert "第1页，共" in text
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "table.pdf")], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "table.pdf")], check=True, capture_output=True, text=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk, fonts
    assert all(" yes " in line for line in cjk), "the Chinese font is embedded"


def test_texts_missing_in_the_language_fall_back_to_the_original_and_say_so(
    clocked: TestClient, moments: dict[str, str]
) -> None:
    french = clocked.get(f"{TABLE}.html", params={"lang": "fr"}).text
    assert '<span lang="zh">毒品和犯罪问题办公室应制定一项战略计划' in french
    assert "Non disponible en français" in french
    assert "Recommandation" in french
    english = clocked.get(f"{TABLE}.html", params={"lang": "en"}).text
    assert "Texts in English are translations made for followup" in english
    assert "unofficial translation" in english
    chinese = clocked.get(f"{TABLE}.html", params={"lang": "zh"}).text
    assert "非正式译文" not in chinese, "the Chinese texts are the report's own"
    assert not re.search(r">[^<]*\b(not_started|in_progress|partially_implemented)\b", chinese)


def test_a_table_in_a_language_not_of_the_un_is_refused(clocked: TestClient, seeded: int) -> None:
    answer = clocked.get(f"{TABLE}.html", params={"lang": "de"})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_the_command_line_writes_the_same_table(
    clocked: TestClient, moments: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    out = tmp_path / "table.pdf"
    env = {"FOLLOWUP_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}
    followup = Path(shutil.which("followup") or ".venv/bin/followup")
    done = subprocess.run(
        [
            str(followup),
            "table",
            "--report",
            REPORT,
            "--lang",
            "zh",
            "--as-of",
            moments["between"],
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    asked = {"lang": "zh", "as_of": moments["between"]}
    over_http = clocked.get(f"{TABLE}.pdf", params=asked).content
    from_cli = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert squeezed(from_cli) == squeezed(pdf_text(over_http, tmp_path))
