"""The report rule: counts, acceptance and implementation rates, and overall progress."""

from datetime import datetime

from app.compliance.recommendation import status_of
from app.compliance.record import ReportFacts, When, existed
from app.compliance.verdicts import Explanation, RateBasis, RecommendationVerdict, ReportVerdict
from app.compliance.vocabulary import (
    ACCEPTING,
    Acceptance,
    IndicatorStatus,
    RecommendationStatus,
)


def rate_basis(recommendations: tuple[RecommendationVerdict, ...]) -> RateBasis:
    """The JIU's rates, as counts. Acceptance rate: recommendations accepted fully or partially
    over those with a decision (those under consideration are left out, not counted as
    rejections). Implementation rate: implemented ones among those accepted (fully or partially)
    and not closed as no longer relevant (one closed as not implemented stays in, against the
    rate)."""
    decided = [r for r in recommendations if r.acceptance is not Acceptance.UNDER_CONSIDERATION]
    accepting = [r for r in decided if r.acceptance in ACCEPTING]
    committed = [r for r in accepting if r.status is not RecommendationStatus.NO_LONGER_RELEVANT]
    return RateBasis(
        decided=len(decided),
        accepting=len(accepting),
        committed=len(committed),
        implemented=sum(1 for r in committed if r.status is RecommendationStatus.IMPLEMENTED),
    )


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
    acceptance_counts = dict.fromkeys(Acceptance, 0)
    indicator_counts = dict.fromkeys(IndicatorStatus, 0)
    for rec in recommendations:
        recommendation_counts[rec.status] += 1
        acceptance_counts[rec.acceptance] += 1
        for indicator in rec.indicators:
            indicator_counts[indicator.status] += 1
    basis = rate_basis(recommendations)
    acceptance, implementation = basis.acceptance_rate, basis.implementation_rate
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
        acceptance_counts=acceptance_counts,
        indicator_counts=indicator_counts,
        overdue=sum(1 for r in recommendations if r.overdue),
        rate_basis=basis,
        acceptance_rate=acceptance,
        implementation_rate=implementation,
        progress=progress,
        explanation=Explanation(
            rule="report.counts",
            summary=summary,
            params={
                "code": facts.code,
                "total": len(recommendations),
                "counts": {str(s): n for s, n in recommendation_counts.items() if n},
                "acceptance_rate": acceptance,
                "implementation_rate": implementation,
            },
        ),
        recommendations=recommendations,
    )
