"""The seed's response record against the annex it comes from: each response, caveat and
general comment is where the annex puts it, in the annex's own words."""

import re
from pathlib import Path

import pytest
from sqlmodel import col, select

from app.db import Database
from app.models import Recommendation, Report, Response
from tests.records import ROOT

ANNEX_SOURCE = ROOT / "seed_data" / "sources" / "oios-evaluation-of-unodc-2021.zh.md"
# "**建议 1:**" (the annex uses both the ASCII and the full-width colon)
RESPONSE = re.compile(r"^\*\*建议 (\d+)[:\uff1a]\*\*\s*(.+)$")


def annex(path: Path) -> tuple[list[str], dict[str, str]]:
    """The annex's general-comment paragraphs (in order) and its response to each
    recommendation (by code), with the footnote left out."""
    text = path.read_text(encoding="utf-8")
    body = text[text.index("## 从联合国毒品和犯罪问题办公室收到的评论意见") :]
    paragraphs = [p.strip() for p in body.split("\n\n")[1:] if p.strip()]
    general, responses = [], {}
    for paragraph in paragraphs:
        if paragraph.startswith("\\*"):  # the footnote on reproducing comments in full
            continue
        if found := RESPONSE.match(paragraph):
            responses[f"R{found.group(1)}"] = found.group(2).strip()
        elif not responses:
            general.append(paragraph)
    return general, responses


@pytest.fixture(scope="module")
def the_annex() -> tuple[list[str], dict[str, str]]:
    return annex(ANNEX_SOURCE)


def test_the_annex_reads_as_six_general_comments_and_three_responses(
    the_annex: tuple[list[str], dict[str, str]],
) -> None:
    general, responses = the_annex
    assert len(general) == 6
    assert general[-1].startswith("尽管如此,毒品和犯罪问题办公室同意报告的建议")
    assert sorted(responses) == ["R1", "R2", "R3"]


def test_each_response_is_the_annex_response_to_that_recommendation(
    database: Database, seeded: int, the_annex: tuple[list[str], dict[str, str]]
) -> None:
    _, responses = the_annex
    with database.read_session() as session:
        rows = session.exec(
            select(Recommendation.code, Response)
            .join(Response, col(Response.recommendation_id) == Recommendation.id)
            .order_by(col(Recommendation.number))
        ).all()
    assert {code: response.text["zh"] for code, response in rows} == responses
    for code, response in rows:
        assert response.source_ref == f"annex, response to recommendation {code[1:]}"


def test_each_caveat_is_a_sentence_of_its_own_recommendations_response(
    database: Database, seeded: int, the_annex: tuple[list[str], dict[str, str]]
) -> None:
    _, responses = the_annex
    with database.read_session() as session:
        rows = session.exec(
            select(Recommendation.code, Response).join(
                Response, col(Response.recommendation_id) == Recommendation.id
            )
        ).all()
    caveats = {code: response.caveats for code, response in rows}
    assert caveats["R2"] == [], "the annex's response to recommendation 2 has no caveat"
    for code, listed in caveats.items():
        for caveat in listed:
            assert caveat["text"]["zh"] in responses[code], (code, caveat["text"]["zh"])
            assert caveat["source_ref"].startswith(f"annex, response to recommendation {code[1:]}")
    # What each qualifies: R3's disaggregation by SDG qualifies its indicator directly; R1's
    # staffing model is a part of R1 that no indicator covers.
    by_start = {c["text"]["zh"][:5]: c["applies_to"] for cs in caveats.values() for c in cs}
    assert by_start["由于可持续"] == {"indicators": ["R3.a"], "part": None}
    assert by_start["但是,毒品"]["part"]["zh"] == "总部和外地办事处之间的最佳人员配置模式"


def test_each_general_comment_is_a_management_comment_of_the_report(
    database: Database, seeded: int, the_annex: tuple[list[str], dict[str, str]]
) -> None:
    general, _ = the_annex
    with database.read_session() as session:
        report = session.exec(select(Report).where(Report.id == seeded)).one()
    comments = report.management_comments
    assert [c["text"]["zh"] for c in comments] == general
    assert [c["source_ref"] for c in comments] == [
        f"annex, general comments, paragraph {n}" for n in range(1, 7)
    ]
    concerns = [c["recommendations"] for c in comments]
    # The overall agreement concerns all three; the scope objection the strategy ones.
    assert concerns[5] is None
    assert concerns[4] == ["R1", "R2"]
    assert concerns[3] == [], "the Umoja comment answers a finding, not a recommendation"
    assert all({"zh", "en"} <= set(c["text"]) for c in comments)
