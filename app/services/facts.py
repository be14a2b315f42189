"""Reading what the record held at a moment into the compliance rules' input values."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from app.compliance.facts import (
    AssessmentFact,
    EvidenceFact,
    IndicatorFacts,
    RecommendationFacts,
    ReportFacts,
    ResponseFact,
    TargetDateFact,
)
from app.models import (
    Assessment,
    Closure,
    Evidence,
    Indicator,
    Recommendation,
    Report,
    Response,
    TargetDateChange,
    Withdrawal,
)


def load_report_facts(
    session: Session,
    report: Report,
    as_of: datetime,
    *,
    recommendation_id: int | None = None,
    indicator_id: int | None = None,
) -> ReportFacts:
    """Everything recorded by `as_of` for a report, or for one recommendation or indicator of it.

    Rows written after `as_of` are left out here already; the rules check the times again, so
    this filter is only a saving, never a second definition of what counts.
    """
    rec_query = select(Recommendation).where(
        Recommendation.report_id == report.id, col(Recommendation.created_at) <= as_of
    )
    ind_query = select(Indicator).where(
        Indicator.report_id == report.id, col(Indicator.created_at) <= as_of
    )
    if recommendation_id is not None:
        rec_query = rec_query.where(Recommendation.id == recommendation_id)
        ind_query = ind_query.where(Indicator.recommendation_id == recommendation_id)
    if indicator_id is not None:
        ind_query = ind_query.where(Indicator.id == indicator_id)
    recommendations = session.exec(rec_query.order_by(col(Recommendation.number))).all()
    indicators = session.exec(ind_query.order_by(col(Indicator.label))).all()
    indicator_ids = [i.id for i in indicators]
    rec_ids = [r.id for r in recommendations]

    evidence_rows = session.execute(
        select_columns(
            col(Evidence.id),
            col(Evidence.indicator_id),
            col(Evidence.effective_on),
            col(Evidence.recorded_at),
            col(Evidence.supersedes_id),
        )
        .where(col(Evidence.report_id) == report.id, col(Evidence.recorded_at) <= as_of)
        .where(col(Evidence.indicator_id).in_(indicator_ids))
    ).all()
    superseded = {
        supersedes_id: (ev_id, recorded_at)
        for ev_id, _, _, recorded_at, supersedes_id in evidence_rows
        if supersedes_id is not None
    }
    withdrawn: dict[int, datetime] = dict(
        session.execute(
            select_columns(col(Withdrawal.evidence_id), col(Withdrawal.withdrawn_at))
            .join(Evidence, col(Evidence.id) == col(Withdrawal.evidence_id))
            .where(col(Evidence.report_id) == report.id, col(Withdrawal.withdrawn_at) <= as_of)
            .where(col(Evidence.indicator_id).in_(indicator_ids))
        ).all()
    )
    assessments: dict[int, list[AssessmentFact]] = defaultdict(list)
    for assessment_id, evidence_id, verdict, assessed_at in session.execute(
        select_columns(
            col(Assessment.id),
            col(Assessment.evidence_id),
            col(Assessment.verdict),
            col(Assessment.assessed_at),
        )
        .join(Evidence, col(Evidence.id) == col(Assessment.evidence_id))
        .where(col(Evidence.report_id) == report.id, col(Assessment.assessed_at) <= as_of)
        .where(col(Evidence.indicator_id).in_(indicator_ids))
    ).all():
        assessments[evidence_id].append(
            AssessmentFact(id=assessment_id, verdict=verdict, assessed_at=assessed_at)
        )
    evidence: dict[int, list[EvidenceFact]] = defaultdict(list)
    for ev_id, indicator_id, effective_on, recorded_at, _ in evidence_rows:
        successor = superseded.get(ev_id)
        evidence[indicator_id].append(
            EvidenceFact(
                id=ev_id,
                effective_on=effective_on,
                recorded_at=recorded_at,
                superseded_by=successor[0] if successor else None,
                superseded_at=successor[1] if successor else None,
                withdrawn_at=withdrawn.get(ev_id),
                assessments=tuple(assessments[ev_id]),
            )
        )

    responses: dict[int, list[ResponseFact]] = defaultdict(list)
    for rec_id, acceptance, responded_at in session.execute(
        select_columns(
            col(Response.recommendation_id), col(Response.acceptance), col(Response.recorded_at)
        ).where(col(Response.recommendation_id).in_(rec_ids), col(Response.recorded_at) <= as_of)
    ).all():
        responses[rec_id].append(ResponseFact(acceptance=acceptance, recorded_at=responded_at))
    closures: dict[int, datetime] = dict(
        session.execute(
            select_columns(col(Closure.recommendation_id), col(Closure.closed_at)).where(
                col(Closure.recommendation_id).in_(rec_ids), col(Closure.closed_at) <= as_of
            )
        ).all()
    )
    target_changes: dict[int, list[TargetDateFact]] = defaultdict(list)
    for rec_id, new_date, changed_at in session.execute(
        select_columns(
            col(TargetDateChange.recommendation_id),
            col(TargetDateChange.new_date),
            col(TargetDateChange.changed_at),
        )
        .where(col(TargetDateChange.recommendation_id).in_(rec_ids))
        .where(col(TargetDateChange.changed_at) <= as_of)
    ).all():
        target_changes[rec_id].append(TargetDateFact(new_date=new_date, changed_at=changed_at))

    indicators_by_rec: dict[int, list[IndicatorFacts]] = defaultdict(list)
    for ind in indicators:
        assert ind.id is not None
        indicators_by_rec[ind.recommendation_id].append(
            IndicatorFacts(
                id=ind.id,
                code=ind.code,
                evidence=tuple(evidence[ind.id]),
                created_at=ind.created_at,
            )
        )
    assert report.id is not None
    return ReportFacts(
        id=report.id,
        code=report.code,
        recommendations=tuple(
            RecommendationFacts(
                id=rec.id,
                code=rec.code,
                indicators=tuple(indicators_by_rec[rec.id]),
                responses=tuple(responses[rec.id]),
                closed_at=closures.get(rec.id),
                original_target_date=rec.original_target_date,
                target_date_changes=tuple(target_changes[rec.id]),
                created_at=rec.created_at,
            )
            for rec in recommendations
            if rec.id is not None
        ),
    )
