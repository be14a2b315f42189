"""The entity's progress reports: its claim, beside the other sources; when one is due."""

from datetime import date

import pytest

from app.compliance import recommendation_status
from app.compliance.calendar import add_months
from app.compliance.record import ProgressReportFact, RecommendationFacts
from app.compliance.vocabulary import Acceptance, Flag, OfficialStatus, RecommendationStatus
from app.compliance.vocabulary import ReportedStatus as R
from tests.compliance.cases import NOW, at, empty, met, official, recommendation, reported

S = RecommendationStatus
ISSUED = date(2025, 1, 15)  # a little over a year before NOW (2026-03-31)


@pytest.mark.parametrize(
    ("facts", "status", "flags"),
    [
        pytest.param(
            recommendation("R1", empty("R1.a", 1), reports=(reported(R.IN_PROGRESS, 2),)),
            S.IN_PROGRESS,
            (),
            id="work reported under way puts it in progress",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), reports=(reported(R.NOT_STARTED, 2),)),
            S.NOT_STARTED,
            (),
            id="reported not started",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), reports=(reported(R.IMPLEMENTED, 2),)),
            S.IN_PROGRESS,
            (Flag.CLAIM_NOT_SUPPORTED,),
            id="a claim of implementation without support",
        ),
        pytest.param(
            recommendation("R1", met("R1.a", 1), reports=(reported(R.IMPLEMENTED, 2),)),
            S.IMPLEMENTED,
            (Flag.READY_FOR_VALIDATION,),
            id="a claim the evidence supports",
        ),
        pytest.param(
            recommendation(
                "R1",
                empty("R1.a", 1),
                reports=(reported(R.IMPLEMENTED, 2),),
                assessments=(official(OfficialStatus.IMPLEMENTED, 3),),
            ),
            S.IMPLEMENTED,
            (Flag.OFFICIAL_DIFFERS_FROM_EVIDENCE,),
            id="a claim the oversight body validated",
        ),
        pytest.param(
            recommendation(
                "R1",
                empty("R1.a", 1),
                reports=(reported(R.IMPLEMENTED, 2), reported(R.IN_PROGRESS, 5, id=801)),
            ),
            S.IN_PROGRESS,
            (),
            id="the latest report is the claim",
        ),
    ],
)
def test_the_entitys_claim_beside_the_other_sources(
    facts: RecommendationFacts, status: RecommendationStatus, flags: tuple[Flag, ...]
) -> None:
    verdict = recommendation_status(facts, NOW)
    assert verdict.status is status
    assert verdict.flags == flags


@pytest.mark.parametrize(
    ("issued", "reports", "acceptance", "due"),
    [
        pytest.param(None, (), Acceptance.ACCEPTED, False, id="no issue date: nothing to count"),
        pytest.param(
            add_months(NOW.date(), -5), (), Acceptance.ACCEPTED, False, id="first cycle not over"
        ),
        pytest.param(ISSUED, (), Acceptance.ACCEPTED, True, id="a cycle over, no report ever"),
        pytest.param(
            ISSUED, (reported(R.IN_PROGRESS, 2),), Acceptance.ACCEPTED, False, id="reported lately"
        ),
        pytest.param(
            ISSUED,
            (reported(R.IN_PROGRESS, -200),),
            Acceptance.ACCEPTED,
            True,
            id="last report older than a cycle",
        ),
        pytest.param(ISSUED, (), Acceptance.NOT_ACCEPTED, False, id="nothing due when rejected"),
    ],
)
def test_a_progress_report_is_due_every_cycle_from_the_issue_date(
    issued: date | None, reports: tuple[ProgressReportFact, ...], acceptance: Acceptance, due: bool
) -> None:
    facts = recommendation(
        "R1",
        empty("R1.a", 1),
        issued=issued,
        reports=reports,
        acceptance=acceptance,
    )
    assert (Flag.PROGRESS_REPORT_DUE in recommendation_status(facts, NOW).flags) is due


def test_a_report_counts_from_when_it_was_recorded_and_the_day_it_speaks_for() -> None:
    facts = recommendation(
        "R1", empty("R1.a", 1), reports=(reported(R.IN_PROGRESS, 5, recorded=10),)
    )
    assert recommendation_status(facts, at(7)).reported is None
    assert recommendation_status(facts, at(10)).status is S.IN_PROGRESS
    assert "the entity reported it in_progress on" in (
        recommendation_status(facts, at(10)).explanation.summary
    )
