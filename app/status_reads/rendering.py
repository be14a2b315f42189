"""Verdicts of the compliance rules as the API serves them, each with its explanation."""

from dataclasses import asdict

from app.compliance import report_status
from app.compliance.indicator import judged_indicator_status
from app.compliance.recommendation import status_of
from app.compliance.record import ReportFacts, When, existed
from app.compliance.verdicts import (
    Explanation,
    IndicatorVerdict,
    RateBasis,
    RecommendationVerdict,
)
from app.compliance.vocabulary import Acceptance, RecommendationStatus
from app.errors import NotFound
from app.models import Indicator, Recommendation, Report
from app.moments import Moment
from app.schemas.portfolio import OPEN_STATUSES, PortfolioTotals, ReportSummary
from app.schemas.status import (
    MAX_CITED,
    DerivedIndicatorRead,
    DerivedStatusRead,
    EvidenceVerdictRead,
    ExplanationRead,
    IndicatorJudgementRead,
    IndicatorStatusAt,
    IndicatorStatusRead,
    OfficialStatusRead,
    OwnEvidenceRead,
    RateBasisRead,
    RecommendationStatusAt,
    RecommendationStatusRead,
    ReportedStatusRead,
    ReportRef,
    ReportStatusRead,
)


def _explanation(explanation: Explanation) -> ExplanationRead:
    return ExplanationRead(
        rule=explanation.rule,
        summary=explanation.summary,
        evidence_ids=list(explanation.evidence_ids[:MAX_CITED]),
        evidence_total=len(explanation.evidence_ids),
        indicator_codes=list(explanation.indicator_codes),
        params=dict(explanation.params),
    )


def _indicator(verdict: IndicatorVerdict) -> IndicatorStatusRead:
    judgement = verdict.judgement
    return IndicatorStatusRead(
        id=verdict.id,
        code=verdict.code,
        status=verdict.status,
        status_basis=verdict.status_basis,
        official=IndicatorJudgementRead(
            id=judgement.id,
            status=judgement.status,
            assessed_on=judgement.assessed_on,
            evidence_ids=list(judgement.evidence_ids),
            comment=judgement.comment,
        )
        if judgement
        else None,
        derived=DerivedIndicatorRead(
            status=verdict.derived, explanation=_explanation(verdict.derived_explanation)
        ),
        explanation=_explanation(verdict.explanation),
        evidence_count=len(verdict.evidence),
    )


def _recommendation(verdict: RecommendationVerdict) -> RecommendationStatusRead:
    official, reported, own = verdict.official, verdict.reported, verdict.own_evidence
    return RecommendationStatusRead(
        id=verdict.id,
        code=verdict.code,
        status=verdict.status,
        status_basis=verdict.status_basis,
        official=OfficialStatusRead(
            id=official.id,
            status=official.status,
            assessed_on=official.assessed_on,
            source_ref=official.source_ref,
            comment=official.comment,
        )
        if official
        else None,
        reported=ReportedStatusRead(
            id=reported.id,
            status=reported.status,
            reported_on=reported.reported_on,
            period=reported.period,
            expected_completion_on=reported.expected_completion_on,
        )
        if reported
        else None,
        derived=DerivedStatusRead(
            status=verdict.derived, explanation=_explanation(verdict.derived_explanation)
        ),
        flags=list(verdict.flags),
        acceptance=verdict.acceptance,
        overdue=verdict.overdue,
        overdue_against_original=verdict.overdue_against_original,
        original_target_date=verdict.original_target_date,
        current_target_date=verdict.current_target_date,
        progress=verdict.progress,
        explanation=_explanation(verdict.explanation),
        indicators=[_indicator(i) for i in verdict.indicators],
        own_evidence=OwnEvidenceRead(
            status=own.status,
            criterion=not verdict.indicators,
            explanation=_explanation(own.explanation),
            evidence_count=len(own.evidence),
        )
        if own
        else None,
    )


def ref_of(report: Report) -> ReportRef:
    assert report.id is not None
    return ReportRef(id=report.id, code=report.code, title=report.title)


def report_status_read(
    report: Report, facts: ReportFacts, moment: Moment, version: int
) -> ReportStatusRead:
    """The report's status at `moment`; `facts` may hold more than was recorded by then (the
    rules decide what counted at `moment`)."""
    verdict = report_status(facts, moment.at, moment.known)
    return ReportStatusRead(
        report=ref_of(report),
        as_of=moment.as_of,
        known_at=moment.known_at,
        evaluated_on=moment.at.date(),
        data_version=version,
        recommendation_counts=verdict.recommendation_counts,
        acceptance_counts=verdict.acceptance_counts,
        indicator_counts=verdict.indicator_counts,
        overdue=verdict.overdue,
        acceptance_rate=verdict.acceptance_rate,
        implementation_rate=verdict.implementation_rate,
        rate_basis=rate_basis_read(verdict.rate_basis),
        progress=verdict.progress,
        explanation=_explanation(verdict.explanation),
        recommendations=[_recommendation(r) for r in verdict.recommendations],
    )


def report_summary(status: ReportStatusRead, report: Report) -> ReportSummary:
    """A report's line of the portfolio."""
    return ReportSummary(
        report=status.report,
        oversight_body=report.oversight_body,
        entity=report.entity,
        issued_on=report.issued_on,
        open_recommendations=[r.code for r in status.recommendations if r.status in OPEN_STATUSES],
        data_version=status.data_version,
        recommendation_counts=status.recommendation_counts,
        acceptance_counts=status.acceptance_counts,
        indicator_counts=status.indicator_counts,
        overdue=status.overdue,
        acceptance_rate=status.acceptance_rate,
        implementation_rate=status.implementation_rate,
        rate_basis=status.rate_basis,
        progress=status.progress,
    )


def rate_basis_read(basis: RateBasis) -> RateBasisRead:
    return RateBasisRead(**asdict(basis))


def portfolio_totals(summaries: list[ReportSummary]) -> PortfolioTotals:
    """Every report's recommendations counted together."""
    recommendation_counts = dict.fromkeys(RecommendationStatus, 0)
    acceptance_counts = dict.fromkeys(Acceptance, 0)
    basis = RateBasis()
    for summary in summaries:
        for status, n in summary.recommendation_counts.items():
            recommendation_counts[status] += n
        for acceptance, n in summary.acceptance_counts.items():
            acceptance_counts[acceptance] += n
        basis += RateBasis(**summary.rate_basis.model_dump())
    return PortfolioTotals(
        reports=len(summaries),
        recommendations=sum(recommendation_counts.values()),
        recommendation_counts=recommendation_counts,
        acceptance_counts=acceptance_counts,
        overdue=sum(s.overdue for s in summaries),
        acceptance_rate=basis.acceptance_rate,
        implementation_rate=basis.implementation_rate,
        rate_basis=rate_basis_read(basis),
    )


def _not_yet(what: str, moment: Moment) -> NotFound:
    known = f" as known at {moment.known_at.isoformat()}" if moment.known_at else ""
    return NotFound(f"{what} was not yet in the record as of {moment.at.isoformat()}{known}")


def _when(moment: Moment) -> When:
    return When(as_of=moment.at, known_at=moment.known)


def recommendation_status_at(
    report: Report,
    facts: ReportFacts,
    recommendation: Recommendation,
    moment: Moment,
    version: int,
) -> RecommendationStatusAt:
    """`facts` hold the recommendation as recorded by the moment (none: not yet recorded)."""
    when = _when(moment)
    found = next((r for r in facts.recommendations if r.id == recommendation.id), None)
    if found is None or not existed(found.created_at, found.issued_on, when):
        raise _not_yet(f"recommendation {recommendation.code}", moment)
    verdict = status_of(found, when)
    return RecommendationStatusAt(
        **_recommendation(verdict).model_dump(),
        report=ref_of(report),
        as_of=moment.as_of,
        known_at=moment.known_at,
        evaluated_on=moment.at.date(),
        data_version=version,
    )


def indicator_status_at(
    report: Report, facts: ReportFacts, indicator: Indicator, moment: Moment, version: int
) -> IndicatorStatusAt:
    """`facts` hold the indicator as recorded by the moment (none: not yet recorded)."""
    when = _when(moment)
    for recommendation in facts.recommendations:
        for held in recommendation.indicators:
            if held.id != indicator.id or not existed(
                held.created_at, recommendation.issued_on, when
            ):
                continue
            verdict = judged_indicator_status(held, when)
            return IndicatorStatusAt(
                **_indicator(verdict).model_dump(),
                evidence=[EvidenceVerdictRead(**asdict(e)) for e in verdict.evidence],
                report=ref_of(report),
                recommendation_code=recommendation.code,
                as_of=moment.as_of,
                known_at=moment.known_at,
                evaluated_on=moment.at.date(),
                data_version=version,
            )
    raise _not_yet(f"indicator {indicator.code}", moment)
