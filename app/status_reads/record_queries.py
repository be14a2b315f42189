"""Reading what the record held at a moment into the compliance rules' input values."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, true
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from app.compliance.record import (
    ActionFact,
    ActionStateFact,
    IndicatorFacts,
    IndicatorJudgementFact,
    OfficialAssessmentFact,
    ProgressReportFact,
    RecommendationFacts,
    ReportFacts,
    ResponseFact,
    TargetDateFact,
)
from app.models import (
    Action,
    ActionState,
    Change,
    Evidence,
    Indicator,
    IndicatorAssessment,
    OfficialAssessment,
    ProgressReport,
    Recommendation,
    Report,
    Response,
    TargetDateChange,
)
from app.status_reads.evidence_facts import evidence_facts


def load_report_facts(
    session: Session,
    report: Report,
    known_at: datetime,
    *,
    recommendation_id: int | None = None,
    indicator_id: int | None = None,
) -> ReportFacts:
    """Everything recorded by `known_at` for a report, or for one recommendation or indicator
    of it (the transaction-time axis; the rules judge the valid times, `known_at`).

    Rows written after `known_at` are left out here already; the rules check the times again,
    so this filter is only a saving, never a second definition of what counts.
    """
    assert report.id is not None
    recommendations, indicators = _structure(
        session, report.id, known_at, recommendation_id, indicator_id
    )
    indicator_ids = [i.id for i in indicators if i.id]
    rec_ids = [r.id for r in recommendations if r.id is not None]
    evidence, own_evidence = evidence_facts(
        session, report.id, known_at, _evidence_of(recommendation_id, indicator_id)
    )
    judgements = _judgements(session, indicator_ids, known_at)
    responses = _responses(session, rec_ids, known_at)
    actions = _actions(session, rec_ids, known_at)
    assessments = _official_assessments(session, rec_ids, known_at)
    progress_reports = _progress_reports(session, rec_ids, known_at)
    target_changes = _target_date_changes(session, rec_ids, known_at)
    indicators_by_rec: dict[int, list[IndicatorFacts]] = defaultdict(list)
    for ind in indicators:
        assert ind.id is not None
        indicators_by_rec[ind.recommendation_id].append(
            IndicatorFacts(
                id=ind.id,
                code=ind.code,
                evidence=tuple(evidence[ind.id]),
                judgements=tuple(judgements[ind.id]),
                created_at=ind.created_at,
            )
        )
    return ReportFacts(
        id=report.id,
        code=report.code,
        recommendations=tuple(
            RecommendationFacts(
                id=rec.id,
                code=rec.code,
                indicators=tuple(indicators_by_rec[rec.id]),
                evidence=tuple(own_evidence[rec.id]),
                responses=tuple(responses[rec.id]),
                actions=tuple(actions[rec.id]),
                assessments=tuple(assessments[rec.id]),
                progress_reports=tuple(progress_reports[rec.id]),
                issued_on=report.issued_on,
                reporting_cycle_months=report.reporting_cycle_months,
                original_target_date=rec.original_target_date,
                target_date_changes=tuple(target_changes[rec.id]),
                created_at=rec.created_at,
            )
            for rec in recommendations
            if rec.id is not None
        ),
    )


def _structure(
    session: Session,
    report_id: int,
    known_at: datetime,
    recommendation_id: int | None,
    indicator_id: int | None,
) -> tuple[Sequence[Recommendation], Sequence[Indicator]]:
    """The report's recommendations and indicators in the record by `known_at`."""
    rec_query = select(Recommendation).where(
        Recommendation.report_id == report_id, col(Recommendation.created_at) <= known_at
    )
    ind_query = select(Indicator).where(
        Indicator.report_id == report_id, col(Indicator.created_at) <= known_at
    )
    if recommendation_id is not None:
        rec_query = rec_query.where(Recommendation.id == recommendation_id)
        ind_query = ind_query.where(Indicator.recommendation_id == recommendation_id)
    if indicator_id is not None:
        ind_query = ind_query.where(Indicator.id == indicator_id)
    recommendations = session.exec(rec_query.order_by(col(Recommendation.number))).all()
    indicators = session.exec(ind_query.order_by(col(Indicator.label))).all()
    return recommendations, indicators


def _evidence_of(recommendation_id: int | None, indicator_id: int | None) -> ColumnElement[bool]:
    """Which of the report's evidence a read needs: an indicator's, a recommendation's (its
    indicators' and its own), or all of it."""
    if indicator_id is not None:
        return col(Evidence.indicator_id) == indicator_id
    if recommendation_id is not None:
        return col(Evidence.recommendation_id) == recommendation_id
    return true()


def _judgements(
    session: Session, indicator_ids: list[int], known_at: datetime
) -> dict[int, list[IndicatorJudgementFact]]:
    found: dict[int, list[IndicatorJudgementFact]] = defaultdict(list)
    for row in session.exec(
        select(IndicatorAssessment).where(
            col(IndicatorAssessment.indicator_id).in_(indicator_ids),
            col(IndicatorAssessment.recorded_at) <= known_at,
        )
    ).all():
        assert row.id is not None
        found[row.indicator_id].append(
            IndicatorJudgementFact(
                id=row.id,
                status=row.status,
                assessed_on=row.assessed_on,
                recorded_at=row.recorded_at,
                evidence_ids=tuple(row.evidence_ids),
                comment=row.comment,
            )
        )
    return found


def _responses(
    session: Session, rec_ids: list[int], known_at: datetime
) -> dict[int, list[ResponseFact]]:
    responses: dict[int, list[ResponseFact]] = defaultdict(list)
    for rec_id, acceptance, recorded_at, responded_on in session.execute(
        select_columns(
            col(Response.recommendation_id),
            col(Response.acceptance),
            col(Response.recorded_at),
            col(Response.responded_on),
        ).where(col(Response.recommendation_id).in_(rec_ids), col(Response.recorded_at) <= known_at)
    ).all():
        responses[rec_id].append(
            ResponseFact(acceptance=acceptance, recorded_at=recorded_at, responded_on=responded_on)
        )
    return responses


# The states in which an action counts as under way.
UNDER_WAY = (ActionState.IN_PROGRESS, ActionState.COMPLETED)


def _actions(
    session: Session, rec_ids: list[int], known_at: datetime
) -> dict[int, list[ActionFact]]:
    """Each recommendation's follow-up actions, with every state they were in by `known_at`, from
    the change log (the action's row holds only its latest state)."""
    owners = dict(
        session.execute(
            select_columns(col(Action.id), col(Action.recommendation_id)).where(
                col(Action.recommendation_id).in_(rec_ids)
            )
        ).all()
    )
    actions: dict[int, list[ActionFact]] = defaultdict(list)
    if not owners:  # most recommendations have none: no second query
        return actions
    states: dict[int, list[ActionStateFact]] = defaultdict(list)
    for action_id, occurred_at, data in session.execute(
        select_columns(col(Change.entity_id), col(Change.occurred_at), col(Change.data))
        .where(col(Change.entity) == "action", col(Change.entity_id).in_(list(owners)))
        .where(col(Change.occurred_at) <= known_at)
    ).all():
        state = (data.get("after") or {}).get("state")
        states[action_id].append(
            ActionStateFact(under_way=state in UNDER_WAY, recorded_at=occurred_at)
        )
    for action_id, rec_id in sorted(owners.items()):
        actions[rec_id].append(ActionFact(id=action_id, states=tuple(states[action_id])))
    return actions


def _official_assessments(
    session: Session, rec_ids: list[int], known_at: datetime
) -> dict[int, list[OfficialAssessmentFact]]:
    found: dict[int, list[OfficialAssessmentFact]] = defaultdict(list)
    for row in session.exec(
        select(OfficialAssessment).where(
            col(OfficialAssessment.recommendation_id).in_(rec_ids),
            col(OfficialAssessment.recorded_at) <= known_at,
        )
    ).all():
        assert row.id is not None
        found[row.recommendation_id].append(
            OfficialAssessmentFact(
                id=row.id,
                status=row.status,
                assessed_on=row.assessed_on,
                recorded_at=row.recorded_at,
                source_ref=row.source_ref,
                comment=row.comment,
            )
        )
    return found


def _progress_reports(
    session: Session, rec_ids: list[int], known_at: datetime
) -> dict[int, list[ProgressReportFact]]:
    found: dict[int, list[ProgressReportFact]] = defaultdict(list)
    for row in session.exec(
        select(ProgressReport).where(
            col(ProgressReport.recommendation_id).in_(rec_ids),
            col(ProgressReport.recorded_at) <= known_at,
        )
    ).all():
        assert row.id is not None
        found[row.recommendation_id].append(
            ProgressReportFact(
                id=row.id,
                status=row.status,
                reported_on=row.reported_on,
                recorded_at=row.recorded_at,
                period=row.period,
                expected_completion_on=row.expected_completion_on,
            )
        )
    return found


def _target_date_changes(
    session: Session, rec_ids: list[int], known_at: datetime
) -> dict[int, list[TargetDateFact]]:
    target_changes: dict[int, list[TargetDateFact]] = defaultdict(list)
    for rec_id, new_date, changed_at, decided_on in session.execute(
        select_columns(
            col(TargetDateChange.recommendation_id),
            col(TargetDateChange.new_date),
            col(TargetDateChange.changed_at),
            col(TargetDateChange.decided_on),
        )
        .where(col(TargetDateChange.recommendation_id).in_(rec_ids))
        .where(col(TargetDateChange.changed_at) <= known_at)
    ).all():
        target_changes[rec_id].append(
            TargetDateFact(new_date=new_date, changed_at=changed_at, decided_on=decided_on)
        )
    return target_changes
