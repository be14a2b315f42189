"""The report rule: counts, acceptance and implementation rates, and overall progress."""

from datetime import datetime

from app.compliance.recommendation import status_of
from app.compliance.record import ReportFacts, When, existed
from app.compliance.verdicts import Explanation, RecommendationVerdict, ReportVerdict
from app.compliance.vocabulary import (
    ACCEPTING,
    Acceptance,
    IndicatorStatus,
    RecommendationStatus,
)


def acceptance_rate(recommendations: tuple[RecommendationVerdict, ...]) -> float | None:
    """The JIU's acceptance rate: recommendations accepted fully or partially, over those with
    a decision (those under consideration are left out, not counted as rejections); None when
    no recommendation has a decision yet."""
    decided = [r for r in recommendations if r.acceptance is not Acceptance.UNDER_CONSIDERATION]
    if not decided:
        return None
    return sum(1 for r in decided if r.acceptance in ACCEPTING) / len(decided)


def implementation_rate(recommendations: tuple[RecommendationVerdict, ...]) -> float | None:
    """The JIU's implementation rate: implemented ones among those accepted (fully or
    partially) and not closed as no longer relevant (one closed as not implemented stays in,
    against the rate); None when no recommendation is in that group."""
    committed = [
        r
        for r in recommendations
        if r.acceptance in ACCEPTING and r.status is not RecommendationStatus.NO_LONGER_RELEVANT
    ]
    if not committed:
        return None
    implemented = sum(1 for r in committed if r.status is RecommendationStatus.IMPLEMENTED)
    return implemented / len(committed)


def _rate_text(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.2f}"


def report_status(
    facts: ReportFacts, as_of: datetime, known_at: datetime | None = None
) -> ReportVerdict:
    """Status of a whole report at `as_of`, as known at `known_at` (without it: as the record
    stood at `as_of`): its recommendations, counted by status."""
    when = When.of(as_of, known_at)
    recommendations = tuple(
        status_of(r, when)
        for r in facts.recommendations
        if existed(r.created_at, r.issued_on, when)
    )
    recommendation_counts = dict.fromkeys(RecommendationStatus, 0)
    indicator_counts = dict.fromkeys(IndicatorStatus, 0)
    for rec in recommendations:
        recommendation_counts[rec.status] += 1
        for indicator in rec.indicators:
            indicator_counts[indicator.status] += 1
    acceptance = acceptance_rate(recommendations)
    implementation = implementation_rate(recommendations)
    progress = (
        sum(r.progress for r in recommendations) / len(recommendations) if recommendations else None
    )
    counted = ", ".join(f"{n} {s}" for s, n in recommendation_counts.items() if n)
    summary = (
        f"{facts.code}: {len(recommendations)} recommendations"
        + (f" ({counted})" if counted else "")
        + f"; acceptance rate {_rate_text(acceptance)}"
        + f"; implementation rate {_rate_text(implementation)}"
    )
    return ReportVerdict(
        id=facts.id,
        code=facts.code,
        as_of=as_of,
        recommendation_counts=recommendation_counts,
        indicator_counts=indicator_counts,
        acceptance_rate=acceptance,
        implementation_rate=implementation,
        progress=progress,
        explanation=Explanation(rule="report.counts", summary=summary),
        recommendations=recommendations,
    )
