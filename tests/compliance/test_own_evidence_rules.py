"""Evidence of a recommendation itself: the one criterion of a recommendation without
indicators (as JIU recommendations are), activity only beside the indicators of one that has
them."""

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.compliance import recommendation_status, report_status
from app.compliance.record import EvidenceFact, RecommendationFacts, ReportFacts
from app.compliance.vocabulary import (
    IndicatorStatus,
    OfficialStatus,
    RecommendationStatus,
    StatusBasis,
    Verdict,
)
from tests.compliance.cases import NOW, at, empty, evidence, met, official, recommendation
from tests.compliance.test_properties import evidence_items, indicators, moments

S = RecommendationStatus
I = IndicatorStatus  # noqa: E741 (the indicators' scale, as the own evidence is read on it)


@pytest.mark.parametrize(
    ("facts", "expected", "own", "progress"),
    [
        pytest.param(recommendation("R2"), S.NOT_STARTED, I.NO_EVIDENCE, 0.0, id="none yet"),
        pytest.param(
            recommendation("R2", own=(evidence(1, Verdict.MEETS),)),
            S.IMPLEMENTED,
            I.MET,
            1.0,
            id="own evidence meets it",
        ),
        pytest.param(
            recommendation("R2", own=(evidence(1, Verdict.PARTIALLY_MEETS),)),
            S.PARTIALLY_IMPLEMENTED,
            I.PARTIALLY_MET,
            0.5,
            id="own evidence partially meets it",
        ),
        pytest.param(
            recommendation("R2", own=(evidence(1),)),
            S.IN_PROGRESS,
            I.UNDER_REVIEW,
            0.0,
            id="own evidence awaiting a verdict",
        ),
        pytest.param(
            recommendation("R2", own=(evidence(1, Verdict.DOES_NOT_MEET),)),
            S.IN_PROGRESS,
            I.NOT_MET,
            0.0,
            id="own evidence that does not meet yet",
        ),
        pytest.param(
            recommendation("R2", own=(evidence(1, Verdict.MEETS, Verdict.DOES_NOT_MEET),)),
            S.IN_PROGRESS,
            I.NOT_MET,
            0.0,
            id="the latest verdict counts",
        ),
        pytest.param(
            recommendation("R2", own=(evidence(1, Verdict.MEETS, withdrawn=5),)),
            S.NOT_STARTED,
            I.NO_EVIDENCE,
            0.0,
            id="withdrawn evidence no longer counts",
        ),
    ],
)
def test_without_indicators_its_own_evidence_decides(
    facts: RecommendationFacts, expected: S, own: I, progress: float
) -> None:
    verdict = recommendation_status(facts, NOW)
    assert verdict.status is expected
    assert verdict.derived is expected
    assert verdict.status_basis is StatusBasis.DERIVED
    assert verdict.own_evidence is not None
    assert verdict.own_evidence.status is own
    assert verdict.progress == progress
    assert verdict.indicators == ()


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        pytest.param((), None, id="no own evidence: nothing to show"),
        pytest.param((evidence(1, Verdict.MEETS),), I.MET, id="met, yet only activity"),
        pytest.param((evidence(1),), I.UNDER_REVIEW, id="awaiting a verdict"),
    ],
)
def test_beside_indicators_its_own_evidence_is_activity_only(
    own: tuple[EvidenceFact, ...], expected: I | None
) -> None:
    facts = recommendation("R1", empty("R1.a", 1), own=own)
    verdict = recommendation_status(facts, NOW)
    if expected is None:
        assert verdict.own_evidence is None
        assert verdict.status is S.NOT_STARTED
    else:
        assert verdict.own_evidence is not None
        assert verdict.own_evidence.status is expected
        # Never implemented by it, however well it meets: the indicators are the criteria.
        assert verdict.status is S.IN_PROGRESS
        assert "R1 itself" in verdict.explanation.summary
    assert verdict.progress == 0.0


def test_indicators_met_decide_whatever_the_own_evidence_says() -> None:
    facts = recommendation("R1", met("R1.a", 1), own=(evidence(5, Verdict.DOES_NOT_MEET),))
    verdict = recommendation_status(facts, NOW)
    assert verdict.status is S.IMPLEMENTED
    assert verdict.own_evidence is not None
    assert verdict.own_evidence.status is I.NOT_MET


def test_own_evidence_counts_from_its_effective_date_as_known_then() -> None:
    item = evidence(1, Verdict.MEETS, recorded=20, effective=at(-40).date())
    facts = recommendation("R2", own=(item,))
    # Last month, as known now: the backlog speaks for the day it names.
    assert recommendation_status(facts, at(-30), known_at=NOW).status is S.IMPLEMENTED
    # As the tracker knew it before the item was entered: nothing yet.
    assert recommendation_status(facts, at(-30), known_at=at(10)).status is S.NOT_STARTED
    assert recommendation_status(facts, at(-50), known_at=NOW).status is S.NOT_STARTED


def test_the_official_assessment_still_prevails() -> None:
    facts = recommendation(
        "R2",
        own=(evidence(1, Verdict.MEETS),),
        assessments=(official(OfficialStatus.IN_PROGRESS, 10),),
    )
    verdict = recommendation_status(facts, NOW)
    assert verdict.status is S.IN_PROGRESS
    assert verdict.status_basis is StatusBasis.OFFICIAL
    assert verdict.derived is S.IMPLEMENTED


def test_a_report_of_recommendations_without_indicators_reaches_its_rates() -> None:
    facts = ReportFacts(
        id=1,
        code="JIU/REP/2026/1",
        recommendations=(
            recommendation("R1", own=(evidence(1, Verdict.MEETS),), id=1),
            recommendation("R2", id=2),
        ),
    )
    verdict = report_status(facts, NOW)
    assert verdict.implementation_rate == 0.5
    assert verdict.recommendation_counts[S.IMPLEMENTED] == 1
    assert verdict.recommendation_counts[S.NOT_STARTED] == 1
    # Evidence of recommendations is not counted as indicators'.
    assert sum(verdict.indicator_counts.values()) == 0


@st.composite
def with_own_evidence(draw: st.DrawFn) -> RecommendationFacts:
    """A recommendation with zero to three indicators and its own evidence."""
    count = draw(st.integers(0, 3))
    own = tuple(draw(evidence_items(first_id=9_000 + n)) for n in range(draw(st.integers(0, 4))))
    return RecommendationFacts(
        id=1,
        code="R1",
        indicators=tuple(draw(indicators(number=n + 1)) for n in range(count)),
        evidence=own,
    )


@given(facts=with_own_evidence(), when=moments)
@settings(max_examples=300, deadline=None)
def test_beside_indicators_own_evidence_never_decides_more_than_activity(
    facts: RecommendationFacts, when: datetime
) -> None:
    """With indicators, taking the recommendation's own evidence away changes nothing but
    whether it is in progress or not started."""
    with_it = recommendation_status(facts, when)
    without = recommendation_status(replace(facts, evidence=()), when)
    if not facts.indicators:
        return
    assert with_it.progress == without.progress
    if with_it.status != without.status:
        assert (with_it.status, without.status) == (S.IN_PROGRESS, S.NOT_STARTED)


@given(facts=with_own_evidence(), as_of=moments, known=moments)
@settings(max_examples=300, deadline=None)
def test_own_evidence_recorded_after_known_at_is_never_seen(
    facts: RecommendationFacts, as_of: datetime, known: datetime
) -> None:
    seen = tuple(e for e in facts.evidence if e.recorded_at <= known)
    assert recommendation_status(facts, as_of, known) == recommendation_status(
        replace(facts, evidence=seen), as_of, known
    )
