"""The seed: the OIOS report on UNODC, loaded from seed_data/ exactly and idempotently."""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import col, func, select

from app.db import Database
from app.errors import Invalid
from app.models import Change, Indicator, Recommendation, Report, Response
from app.report_files.files import parse_report_file
from app.report_files.upsert import LoadOutcome
from tests.records import SEED_FILE, load_file, status_afresh, write


def counts(database: Database) -> dict[str, int]:
    with database.read_session() as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Report, Recommendation, Indicator, Response, Change)
        }


def test_seed_holds_three_recommendations_with_three_three_and_one_indicators(
    database: Database, seeded: int
) -> None:
    with database.read_session() as session:
        recs = session.exec(select(Recommendation).order_by(col(Recommendation.number))).all()
        assert [r.code for r in recs] == ["R1", "R2", "R3"]
        per_rec = [
            sorted(
                i.code
                for i in session.exec(
                    select(Indicator).where(Indicator.recommendation_id == r.id)
                ).all()
            )
            for r in recs
        ]
    assert per_rec == [["R1.a", "R1.b", "R1.c"], ["R2.a", "R2.b", "R2.c"], ["R3.a"]]


def test_seed_records_every_response_as_accepted_and_only_r1_r3_with_caveats(
    database: Database, seeded: int
) -> None:
    with database.read_session() as session:
        responses = session.exec(select(Response).order_by(col(Response.id))).all()
    assert len(responses) == 3
    assert {r.acceptance for r in responses} == {"accepted"}
    # The annex's response to recommendation 2 has no caveat; its general comments are the
    # report's management comments, not caveats of one recommendation.
    assert [len(r.caveats) for r in responses] == [2, 0, 2]
    for response in responses:
        assert all(c["source_ref"].startswith("annex, response to") for c in response.caveats)
        assert response.text["zh"].startswith("毒品和犯罪问题办公室接受这项建议")
        assert response.text["en"].startswith("UNODC accepts this recommendation")
        assert response.source_ref.startswith("annex")


def test_seed_report_facts_and_citations(database: Database, seeded: int) -> None:
    with database.read_session() as session:
        report = session.exec(select(Report)).one()
        recs = session.exec(select(Recommendation)).all()
        indicators = session.exec(select(Indicator)).all()
    assert (report.oversight_body, report.entity) == ("OIOS", "UNODC")
    assert (report.period_start, report.period_end) == (date(2015, 1, 1), date(2019, 12, 31))
    # The report gives "2021 年 3 月": a month, kept as such (its first day stands in).
    assert (report.issued_on, report.issued_on_precision) == (date(2021, 3, 1), "month")
    assert report.unofficial_languages == ["en"]
    assert len(report.scope) == 2
    assert {"zh", "en"} <= set(report.title)
    assert sorted(r.source_ref.split()[1] for r in recs) == ["63", "64", "65"]
    assert all(i.source_ref.startswith("para. 6") for i in indicators)
    assert all({"zh", "en"} <= set(i.text) for i in indicators)


def test_loading_the_seed_twice_changes_nothing(database: Database, seeded: int) -> None:
    before = counts(database)
    outcome = load_file(database, SEED_FILE, actor="again")
    assert not outcome.changed
    assert counts(database) == before


def test_loading_an_amended_file_updates_in_place_and_versions_the_response(
    database: Database, seeded: int, tmp_path: Path
) -> None:
    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    data["report"]["recommendations"][0]["indicators"][0]["text"]["fr"] = "Un plan stratégique"
    data["report"]["recommendations"][2]["response"]["acceptance"] = "partially_accepted"
    data["report"]["recommendations"][2]["response"]["justification"] = "Road map is contextual"
    amended = tmp_path / "amended.json"
    amended.write_text(json.dumps(data, default=str), encoding="utf-8")
    before = counts(database)
    outcome = load_file(database, amended, actor="editor")
    assert outcome.updated == {"indicators": 1, "responses": 1}
    after = counts(database)
    assert after["Indicator"] == before["Indicator"]
    assert after["Response"] == before["Response"] + 1, "the earlier response stays as history"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        pytest.param(lambda d: d.pop("format"), "format", id="format missing"),
        pytest.param(lambda d: d["report"].update(code="Not A Slug"), "report.code", id="bad code"),
        pytest.param(
            lambda d: d["report"]["recommendations"][0]["response"].update(
                acceptance="not_accepted"
            ),
            "report.recommendations.0.response",
            id="not accepted without justification",
        ),
        pytest.param(
            lambda d: d["report"]["recommendations"][0]["text"].update(xx="?"),
            "report.recommendations.0.text.xx",
            id="unknown language",
        ),
        pytest.param(
            lambda d: d["report"]["recommendations"][1].update(number=1),
            "report",
            id="duplicate numbers",
        ),
    ],
)
def test_an_invalid_report_file_is_refused_with_the_field_named(
    mutate: Callable[[dict[str, Any]], object], field: str
) -> None:
    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(Invalid) as caught:
        parse_report_file(data, source="test")
    assert any(e.field and e.field.startswith(field) for e in caught.value.errors), (
        caught.value.errors
    )


def test_reloading_the_seed_keeps_a_newer_response_recorded_through_the_api(
    database: Database, seeded: int
) -> None:
    from app.compliance.vocabulary import Acceptance
    from app.schemas.response import ResponseCreate
    from app.services.responses import record_response

    with database.read_session() as session:
        rec = session.exec(select(Recommendation).where(Recommendation.code == "R1")).one()
    change = ResponseCreate(
        acceptance=Acceptance.NOT_ACCEPTED,
        text={"en": "Withdrawn acceptance"},  # type: ignore[dict-item]
        justification="Changed mandate",
    )
    write(database, lambda unit: record_response(unit, rec, change), actor="focal")
    outcome = load_file(database, SEED_FILE, actor="make run")
    assert not outcome.changed
    with database.read_session() as session:
        latest = session.exec(
            select(Response).order_by(col(Response.recorded_at).desc(), col(Response.id).desc())
        ).first()
    assert latest is not None
    assert latest.acceptance == "not_accepted"


def load_amended(
    database: Database, tmp_path: Path, amend: Callable[[dict[str, Any]], None]
) -> LoadOutcome:
    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    amend(data)
    path = tmp_path / "amended.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return load_file(database, path, actor="editor")


def test_a_report_file_cannot_rewrite_an_original_target_date(
    database: Database, seeded: int, tmp_path: Path
) -> None:
    def set_date(data: dict[str, Any]) -> None:
        data["report"]["recommendations"][0]["original_target_date"] = "2022-12-31"

    before = counts(database)
    with pytest.raises(Invalid) as caught:
        load_amended(database, tmp_path, set_date)
    assert caught.value.errors[0].field == "report.recommendations.0.original_target_date"
    assert counts(database) == before


def test_swapping_recommendation_numbers_is_refused_cleanly(
    database: Database, seeded: int, tmp_path: Path
) -> None:
    from app.errors import Conflict

    def swap(data: dict[str, Any]) -> None:
        recs = data["report"]["recommendations"]
        recs[0]["number"], recs[1]["number"] = 2, 1

    before = counts(database)
    with pytest.raises(Conflict):
        load_amended(database, tmp_path, swap)
    assert counts(database) == before


def test_an_indicator_added_later_is_seen_as_known_then_and_now(
    database: Database, seeded: int, tmp_path: Path
) -> None:
    from app.clock import SYSTEM_CLOCK

    before = SYSTEM_CLOCK.now()

    def add_indicator(data: dict[str, Any]) -> None:
        data["report"]["recommendations"][2]["indicators"].append(
            {"label": "b", "text": {"en": "A road map adopted"}}
        )

    load_amended(database, tmp_path, add_indicator)
    told_then = status_afresh(database, str(seeded), before, known_at=before)
    known_now = status_afresh(database, str(seeded), before)
    now = status_afresh(database, str(seeded), None)
    assert [i.code for i in told_then.recommendations[2].indicators] == ["R3.a"]
    # Part of the report since its issue date, as known now.
    assert [i.code for i in known_now.recommendations[2].indicators] == ["R3.a", "R3.b"]
    assert [i.code for i in now.recommendations[2].indicators] == ["R3.a", "R3.b"]


def test_a_response_printed_in_the_report_speaks_for_its_issue_date(
    database: Database, seeded: int
) -> None:
    with database.read_session() as session:
        days = {r.responded_on for r in session.exec(select(Response)).all()}
    assert days == {date(2021, 3, 1)}
    # So the status as of any day since the report was issued counts the acceptance.
    status = status_afresh(database, "oios-unodc-2021", datetime(2022, 1, 1, tzinfo=UTC))
    assert [r.acceptance for r in status.recommendations] == ["accepted"] * 3
    assert status.acceptance_rate == 1.0
    assert status.implementation_rate == 0.0


def test_a_v1_report_file_still_loads_and_keeps_its_caveat_texts(
    database: Database, tmp_path: Path
) -> None:
    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    data["format"] = "followup/report-v1"
    report = data["report"]
    for key in ("management_comments", "unofficial_languages"):
        report.pop(key)
    report["issued_on"] = "2021-03-01"
    for rec in report["recommendations"]:
        rec["response"]["caveats"] = [c["text"] for c in rec["response"].get("caveats", [])]
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    load_file(database, path)
    with database.read_session() as session:
        stored = session.exec(select(Report)).one()
        first = session.exec(select(Response).order_by(col(Response.id))).first()
    assert (stored.issued_on, stored.issued_on_precision) == (date(2021, 3, 1), "day")
    assert first is not None
    assert first.caveats[0]["applies_to"] is None
    assert first.caveats[0]["source_ref"] == ""
    assert first.caveats[0]["text"]["zh"].startswith("将根据情况")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        pytest.param(
            lambda d: d.update(format="followup/report-v1"),
            "need format 'followup/report-v2'",
            id="v2 fields in a v1 file",
        ),
        pytest.param(
            lambda d: d["report"]["recommendations"][0]["response"]["caveats"].append(
                {"zh": "文本"}
            ),
            "each caveat is a record",
            id="a bare caveat text in a v2 file",
        ),
        pytest.param(
            lambda d: d["report"].update(issued_on="2021-13"),
            "report.issued_on",
            id="no such month",
        ),
        pytest.param(
            lambda d: d["report"].update(unofficial_languages=["xx"]),
            "report.unofficial_languages",
            id="unknown language",
        ),
    ],
)
def test_a_v2_file_keeps_to_its_format(
    mutate: Callable[[dict[str, Any]], object], message: str
) -> None:
    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(Invalid) as caught:
        parse_report_file(data, source="test")
    said = [f"{e.field}: {e.message}" for e in caught.value.errors]
    assert any(message in line for line in said), said


@pytest.mark.parametrize(
    ("amend", "field"),
    [
        pytest.param(
            lambda d: d["report"]["recommendations"][0]["response"]["caveats"][0].update(
                applies_to={"indicators": ["R3.a"]}
            ),
            "report.recommendations.0.response.caveats.0.applies_to.indicators.0",
            id="a caveat naming another recommendation's indicator",
        ),
        pytest.param(
            lambda d: d["report"]["management_comments"][0].update(recommendations=["R9"]),
            "report.management_comments.0.recommendations.0",
            id="a comment naming no recommendation of the report",
        ),
    ],
)
def test_what_a_caveat_or_comment_names_must_exist_and_nothing_is_written(
    database: Database,
    seeded: int,
    tmp_path: Path,
    amend: Callable[[dict[str, Any]], None],
    field: str,
) -> None:
    before = counts(database)
    with pytest.raises(Invalid) as caught:
        load_amended(database, tmp_path, amend)
    assert [e.field for e in caught.value.errors] == [field]
    assert counts(database) == before
