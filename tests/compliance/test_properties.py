"""Properties of the rules over generated records (hypothesis), beyond the tables of cases."""

from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.compliance import indicator_status, recommendation_status, report_status
from app.compliance.recommendation import indicator_score
from app.compliance.record import (
    AssessmentFact,
    EvidenceFact,
    IndicatorFacts,
    RecommendationFacts,
    ReportFacts,
)
from app.compliance.verdicts import ReportVerdict
from app.compliance.vocabulary import (
    Acceptance,
    IndicatorStatus,
    OfficialStatus,
    RecommendationStatus,
    StatusBasis,
    Verdict,
)
from tests.compliance.cases import T0, at, official

RECOMMENDATION_RANK = {
    RecommendationStatus.NOT_STARTED: 0,
    RecommendationStatus.IN_PROGRESS: 1,
    RecommendationStatus.PARTIALLY_IMPLEMENTED: 2,
    RecommendationStatus.IMPLEMENTED: 3,
}
HORIZON = 100  # days after T0 within which everything happens

days = st.floats(min_value=0, max_value=HORIZON, allow_nan=False)


@st.composite
def evidence_items(draw: st.DrawFn, first_id: int) -> EvidenceFact:
    recorded = draw(days)
    verdicts = draw(st.lists(st.sampled_from(Verdict), max_size=3))
    gaps = draw(
        st.lists(
            st.floats(min_value=0.001, max_value=10), min_size=len(verdicts), max_size=len(verdicts)
        )
    )
    moments = [recorded + sum(gaps[: n + 1]) for n in range(len(verdicts))]
    ended = draw(st.one_of(st.none(), st.floats(min_value=recorded, max_value=HORIZON + 20)))
    how = draw(st.sampled_from(["superseded", "withdrawn"]))
    return EvidenceFact(
        id=first_id,
        effective_on=at(recorded - draw(st.integers(0, 30))).date(),
        recorded_at=at(recorded),
        superseded_at=at(ended) if ended is not None and how == "superseded" else None,
        withdrawn_at=at(ended) if ended is not None and how == "withdrawn" else None,
        assessments=tuple(
            AssessmentFact(id=first_id * 10 + n, verdict=v, assessed_at=at(m))
            for n, (v, m) in enumerate(zip(verdicts, moments, strict=True))
        ),
    )


@st.composite
def indicators(draw: st.DrawFn, number: int = 1) -> IndicatorFacts:
    count = draw(st.integers(0, 5))
    items = tuple(draw(evidence_items(first_id=number * 100 + n)) for n in range(count))
    return IndicatorFacts(id=number, code=f"R1.{chr(96 + number)}", evidence=items)


@st.composite
def recommendations(draw: st.DrawFn) -> RecommendationFacts:
    count = draw(st.integers(1, 4))
    return RecommendationFacts(
        id=1, code="R1", indicators=tuple(draw(indicators(number=n + 1)) for n in range(count))
    )


moments = days.map(at)


@given(facts=recommendations(), when=moments, which=st.integers(0, 3))
@settings(max_examples=300, deadline=None)
def test_a_new_meets_verdict_never_lowers_a_status(
    facts: RecommendationFacts, when: datetime, which: int
) -> None:
    """Recording evidence that meets (with its verdict) can only raise the status."""
    target = facts.indicators[which % len(facts.indicators)]
    new = EvidenceFact(
        id=99_999,
        effective_on=when.date(),
        recorded_at=when,
        assessments=(AssessmentFact(id=99_999, verdict=Verdict.MEETS, assessed_at=when),),
    )
    improved = replace(
        facts,
        indicators=tuple(
            replace(i, evidence=(*i.evidence, new)) if i.id == target.id else i
            for i in facts.indicators
        ),
    )
    later = when + timedelta(seconds=1)
    before, after = recommendation_status(facts, later), recommendation_status(improved, later)
    assert RECOMMENDATION_RANK[after.status] >= RECOMMENDATION_RANK[before.status]
    assert after.progress >= before.progress
    for old, new_verdict in zip(before.indicators, after.indicators, strict=True):
        assert indicator_score(new_verdict.status) >= indicator_score(old.status)


@given(
    facts=indicators(),
    seen=moments,
    delay=st.integers(min_value=1, max_value=50 * 86_400 * 10**6).map(
        lambda n: timedelta(microseconds=n)
    ),
)
@settings(max_examples=300, deadline=None)
def test_as_of_a_moment_before_a_write_never_sees_it(
    facts: IndicatorFacts, seen: datetime, delay: timedelta
) -> None:
    """A status computed for a moment before a write equals the status without it."""
    written = seen + delay
    late = EvidenceFact(
        id=88_888,
        effective_on=written.date(),
        recorded_at=written,
        assessments=(AssessmentFact(id=88_888, verdict=Verdict.MEETS, assessed_at=written),),
    )
    with_it = replace(facts, evidence=(*facts.evidence, late))
    assert indicator_status(with_it, seen) == indicator_status(facts, seen)


@given(facts=indicators(), when=moments, data=st.data())
@settings(max_examples=200, deadline=None)
def test_the_order_records_are_read_in_does_not_matter(
    facts: IndicatorFacts, when: datetime, data: st.DataObject
) -> None:
    shuffled = replace(facts, evidence=tuple(data.draw(st.permutations(facts.evidence))))
    assert indicator_status(shuffled, when) == indicator_status(facts, when)


@given(recs=st.lists(recommendations(), min_size=1, max_size=4), when=moments)
@settings(max_examples=200, deadline=None)
def test_report_rates_are_proportions_and_counts_add_up(
    recs: list[RecommendationFacts], when: datetime
) -> None:
    facts = ReportFacts(
        id=1, code="r", recommendations=tuple(replace(r, id=n) for n, r in enumerate(recs))
    )
    verdict = report_status(facts, when)
    assert sum(verdict.recommendation_counts.values()) == len(recs)
    assert sum(verdict.acceptance_counts.values()) == len(recs)
    for rate in (verdict.acceptance_rate, verdict.implementation_rate, verdict.progress):
        assert rate is None or 0.0 <= rate <= 1.0
    # The counts behind the rates agree with the counts shown beside them.
    basis, accepted = verdict.rate_basis, verdict.acceptance_counts
    assert basis.decided == len(recs) - accepted[Acceptance.UNDER_CONSIDERATION]
    assert (
        basis.accepting == accepted[Acceptance.ACCEPTED] + accepted[Acceptance.PARTIALLY_ACCEPTED]
    )
    assert basis.implemented <= verdict.recommendation_counts[RecommendationStatus.IMPLEMENTED]
    assert basis.implemented <= basis.committed <= basis.accepting <= basis.decided
    assert verdict.overdue == sum(1 for r in verdict.recommendations if r.overdue)


def test_the_epoch_of_the_generated_records() -> None:
    assert at(0) == T0


@given(
    facts=recommendations(),
    status=st.sampled_from(OfficialStatus),
    assessed=days,
    when=moments,
)
@settings(max_examples=200, deadline=None)
def test_an_official_assessment_in_force_always_decides(
    facts: RecommendationFacts, status: OfficialStatus, assessed: float, when: datetime
) -> None:
    """Whatever the evidence says, the oversight body's assessment in force is the status."""
    decided = replace(facts, assessments=(official(status, assessed),))
    verdict = recommendation_status(decided, when)
    in_force = at(assessed) <= when and at(assessed).date() <= when.date()
    if in_force:
        assert verdict.status == RecommendationStatus(status)
        assert verdict.status_basis is StatusBasis.OFFICIAL
    else:
        assert verdict.status == recommendation_status(facts, when).status
    assert verdict.derived == recommendation_status(facts, when).derived


@given(recs=st.lists(recommendations(), min_size=1, max_size=4), which=st.integers(0, 3))
@settings(max_examples=200, deadline=None)
def test_closing_as_no_longer_relevant_never_adds_to_the_implemented(
    recs: list[RecommendationFacts], which: int
) -> None:
    """A recommendation closed as no longer relevant leaves the implementation rate: the
    number implemented never grows by it (only the denominator may shrink)."""
    facts = ReportFacts(
        id=1, code="r", recommendations=tuple(replace(r, id=n) for n, r in enumerate(recs))
    )
    target = which % len(recs)
    closed = replace(
        facts,
        recommendations=tuple(
            replace(r, assessments=(official(OfficialStatus.NO_LONGER_RELEVANT, 0),))
            if n == target
            else r
            for n, r in enumerate(facts.recommendations)
        ),
    )
    when = at(HORIZON)

    def implemented(verdict: ReportVerdict) -> int:
        return verdict.recommendation_counts[RecommendationStatus.IMPLEMENTED]

    assert implemented(report_status(closed, when)) <= implemented(report_status(facts, when))


@given(
    facts=indicators(),
    as_of=moments,
    known=moments,
    delay=st.integers(min_value=1, max_value=50 * 86_400 * 10**6).map(
        lambda n: timedelta(microseconds=n)
    ),
    back=st.integers(min_value=0, max_value=400),
)
@settings(max_examples=300, deadline=None)
def test_a_status_known_at_a_moment_before_a_write_never_sees_it(
    facts: IndicatorFacts, as_of: datetime, known: datetime, delay: timedelta, back: int
) -> None:
    """Whatever day a late item speaks for, a status read as known before it was recorded is
    the status without it."""
    written = known + delay
    late = EvidenceFact(
        id=77_777,
        effective_on=(as_of - timedelta(days=back)).date(),
        recorded_at=written,
        assessments=(AssessmentFact(id=77_777, verdict=Verdict.MEETS, assessed_at=written),),
    )
    with_it = replace(facts, evidence=(*facts.evidence, late))
    assert indicator_status(with_it, as_of, known) == indicator_status(facts, as_of, known)


@given(facts=indicators(), as_of=moments, back=st.integers(min_value=0, max_value=400))
@settings(max_examples=200, deadline=None)
def test_evidence_entered_later_counts_for_the_day_it_speaks_for_as_known_now(
    facts: IndicatorFacts, as_of: datetime, back: int
) -> None:
    """A backlog: an item recorded after `as_of`, speaking for a day by then, counts at `as_of`
    as known once recorded, and meets the indicator."""
    written = as_of + timedelta(days=30)
    late = EvidenceFact(
        id=66_666,
        effective_on=(as_of - timedelta(days=back)).date(),
        recorded_at=written,
        assessments=(AssessmentFact(id=66_666, verdict=Verdict.MEETS, assessed_at=written),),
    )
    with_it = replace(facts, evidence=(*facts.evidence, late))
    assert indicator_status(with_it, as_of, known_at=written).status is IndicatorStatus.MET
