"""Compliance status as of a moment: facts from the record, verdicts from the rules."""

from dataclasses import asdict
from datetime import datetime

from sqlmodel import Session

from app.compliance import indicator_status, recommendation_status, report_status
from app.compliance.verdicts import (
    Explanation,
    IndicatorVerdict,
    RecommendationVerdict,
    ReportVerdict,
)
from app.errors import NotFound
from app.models import Indicator, Recommendation, Report
from app.schemas.status import (
    EvidenceVerdictRead,
    ExplanationRead,
    IndicatorStatusAt,
    IndicatorStatusRead,
    RecommendationStatusAt,
    RecommendationStatusRead,
    ReportRef,
    ReportStatusRead,
)
from app.services.facts import load_report_facts


def _explanation(explanation: Explanation) -> ExplanationRead:
    return ExplanationRead(
        rule=explanation.rule,
        summary=explanation.summary,
        evidence_ids=list(explanation.evidence_ids),
        indicator_codes=list(explanation.indicator_codes),
    )


def _indicator(verdict: IndicatorVerdict) -> IndicatorStatusRead:
    return IndicatorStatusRead(
        id=verdict.id,
        code=verdict.code,
        status=verdict.status,
        explanation=_explanation(verdict.explanation),
        evidence=[EvidenceVerdictRead(**asdict(e)) for e in verdict.evidence],
    )


def _recommendation(verdict: RecommendationVerdict) -> RecommendationStatusRead:
    return RecommendationStatusRead(
        id=verdict.id,
        code=verdict.code,
        status=verdict.status,
        acceptance=verdict.acceptance,
        overdue=verdict.overdue,
        overdue_against_original=verdict.overdue_against_original,
        original_target_date=verdict.original_target_date,
        current_target_date=verdict.current_target_date,
        progress=verdict.progress,
        explanation=_explanation(verdict.explanation),
        indicators=[_indicator(i) for i in verdict.indicators],
    )


def _ref(report: Report) -> ReportRef:
    assert report.id is not None
    return ReportRef(id=report.id, code=report.code, title=report.title)


def report_status_read(report: Report, verdict: ReportVerdict) -> ReportStatusRead:
    return ReportStatusRead(
        report=_ref(report),
        as_of=verdict.as_of,
        recommendation_counts=verdict.recommendation_counts,
        indicator_counts=verdict.indicator_counts,
        acceptance_rate=verdict.acceptance_rate,
        implementation_rate=verdict.implementation_rate,
        progress=verdict.progress,
        explanation=_explanation(verdict.explanation),
        recommendations=[_recommendation(r) for r in verdict.recommendations],
    )


def compute_report_status(session: Session, report: Report, as_of: datetime) -> ReportStatusRead:
    facts = load_report_facts(session, report, as_of)
    return report_status_read(report, report_status(facts, as_of))


def _report_of(session: Session, report_id: int) -> Report:
    report = session.get(Report, report_id)
    if report is None:  # only possible if the schema's foreign keys were bypassed
        raise NotFound(f"no report with id {report_id}")
    return report


def compute_recommendation_status(
    session: Session, recommendation: Recommendation, as_of: datetime
) -> RecommendationStatusAt:
    report = _report_of(session, recommendation.report_id)
    facts = load_report_facts(session, report, as_of, recommendation_id=recommendation.id)
    verdict = recommendation_status(facts.recommendations[0], as_of)
    return RecommendationStatusAt(
        **_recommendation(verdict).model_dump(), report=_ref(report), as_of=as_of
    )


def compute_indicator_status(
    session: Session, indicator: Indicator, as_of: datetime
) -> IndicatorStatusAt:
    report = _report_of(session, indicator.report_id)
    facts = load_report_facts(
        session,
        report,
        as_of,
        recommendation_id=indicator.recommendation_id,
        indicator_id=indicator.id,
    )
    recommendation = facts.recommendations[0]
    verdict = indicator_status(recommendation.indicators[0], as_of)
    return IndicatorStatusAt(
        **_indicator(verdict).model_dump(),
        report=_ref(report),
        recommendation_code=recommendation.code,
        as_of=as_of,
    )
