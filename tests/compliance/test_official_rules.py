"""The official status: the oversight body's assessment in force prevails over the derived
status; the flags say where the two disagree."""

import pytest

from app.compliance import recommendation_status, report_status
from app.compliance.record import RecommendationFacts, ReportFacts
from app.compliance.vocabulary import Flag, OfficialStatus, RecommendationStatus, StatusBasis
from tests.compliance.cases import NOW, at, empty, met, official, partial, recommendation

S, OS, F = RecommendationStatus, OfficialStatus, Flag


@pytest.mark.parametrize(
    ("facts", "status", "basis", "derived", "flags"),
    [
        pytest.param(
            recommendation("R1", empty("R1.a", 1)),
            S.NOT_STARTED,
            StatusBasis.DERIVED,
            S.NOT_STARTED,
            (),
            id="no assessment: the derived status is in force",
        ),
        pytest.param(
            recommendation("R1", met("R1.a", 1)),
            S.IMPLEMENTED,
            StatusBasis.DERIVED,
            S.IMPLEMENTED,
            (F.READY_FOR_VALIDATION,),
            id="the evidence says implemented: ready for validation",
        ),
        pytest.param(
            recommendation("R1", met("R1.a", 1), assessments=(official(OS.IMPLEMENTED, 5),)),
            S.IMPLEMENTED,
            StatusBasis.OFFICIAL,
            S.IMPLEMENTED,
            (),
            id="validated: official and evidence agree",
        ),
        pytest.param(
            recommendation("R1", met("R1.a", 1), assessments=(official(OS.IN_PROGRESS, 5),)),
            S.IN_PROGRESS,
            StatusBasis.OFFICIAL,
            S.IMPLEMENTED,
            (F.READY_FOR_VALIDATION, F.OFFICIAL_DIFFERS_FROM_EVIDENCE),
            id="the official status prevails over the evidence",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), assessments=(official(OS.IMPLEMENTED, 5),)),
            S.IMPLEMENTED,
            StatusBasis.OFFICIAL,
            S.NOT_STARTED,
            (F.OFFICIAL_DIFFERS_FROM_EVIDENCE,),
            id="implemented by the oversight body's judgement alone",
        ),
        pytest.param(
            recommendation(
                "R1", partial("R1.a", 1), assessments=(official(OS.CLOSED_NOT_IMPLEMENTED, 5),)
            ),
            S.CLOSED_NOT_IMPLEMENTED,
            StatusBasis.OFFICIAL,
            S.PARTIALLY_IMPLEMENTED,
            (),
            id="closed, not implemented",
        ),
        pytest.param(
            recommendation(
                "R1",
                empty("R1.a", 1),
                assessments=(official(OS.IMPLEMENTED, 5), official(OS.IN_PROGRESS, 3, recorded=8)),
            ),
            S.IMPLEMENTED,
            StatusBasis.OFFICIAL,
            S.NOT_STARTED,
            (F.OFFICIAL_DIFFERS_FROM_EVIDENCE,),
            id="an older review entered later does not replace a newer one",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), assessments=(official(OS.IMPLEMENTED, 40),)),
            S.NOT_STARTED,
            StatusBasis.DERIVED,
            S.NOT_STARTED,
            (),
            id="an assessment speaking for a later day is not in force yet",
        ),
    ],
)
def test_the_official_status_prevails(
    facts: RecommendationFacts,
    status: RecommendationStatus,
    basis: StatusBasis,
    derived: RecommendationStatus,
    flags: tuple[Flag, ...],
) -> None:
    verdict = recommendation_status(facts, NOW)
    assert (verdict.status, verdict.status_basis, verdict.derived) == (status, basis, derived)
    assert verdict.flags == flags
    assert (verdict.official is not None) is (basis is StatusBasis.OFFICIAL)


def test_an_assessment_counts_from_when_it_was_recorded_and_the_day_it_speaks_for() -> None:
    facts = recommendation(
        "R1", empty("R1.a", 1), assessments=(official(OS.IMPLEMENTED, 5, recorded=10),)
    )
    assert recommendation_status(facts, at(7)).status is S.NOT_STARTED  # not recorded yet
    assert recommendation_status(facts, at(10)).status is S.IMPLEMENTED
    assert recommendation_status(facts, at(10)).explanation.summary.startswith(
        "R1 implemented: assessed so by the oversight body on 2026-03-06"
    )


def test_a_closure_without_implementation_stays_in_the_implementation_rate() -> None:
    facts = ReportFacts(
        id=1,
        code="r",
        recommendations=(
            recommendation("R1", met("R1.a", 1), assessments=(official(OS.IMPLEMENTED, 2),), id=1),
            recommendation(
                "R2", empty("R2.a", 2), assessments=(official(OS.CLOSED_NOT_IMPLEMENTED, 2),), id=2
            ),
            recommendation("R3", empty("R3.a", 3), closed=2, id=3),
        ),
    )
    verdict = report_status(facts, NOW)
    assert verdict.implementation_rate == 0.5  # R1 of R1 and R2; R3 left the denominator
    assert verdict.recommendation_counts[S.CLOSED_NOT_IMPLEMENTED] == 1
    assert verdict.recommendations[1].overdue is False
