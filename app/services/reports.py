"""Reading reports and the structure under them."""

from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel
from sqlmodel import Session, col, select

from app.access.scopes import EVERYTHING, Scope
from app.compliance.vocabulary import CLOSURES
from app.errors import NotFound
from app.models import (
    Action,
    Indicator,
    OfficialAssessment,
    Recommendation,
    Report,
    Response,
    TargetDateChange,
)
from app.schemas.action import ActionRead
from app.schemas.evidence import MAX_ID
from app.schemas.indicator import IndicatorRead
from app.schemas.page import Page
from app.schemas.recommendation import ClosureRead, RecommendationRead, TargetDateChangeRead
from app.schemas.report import ReportDetail, ReportRead
from app.schemas.response import ResponseRead
from app.services.official_assessments import IN_FORCE_ORDER, closure_read
from app.services.paging import paginate
from app.services.scopes import report_ids_within


def find_report(session: Session, ref: str) -> Report:
    """A report by numeric id or by its code."""
    if ref.isdigit():
        report = session.get(Report, int(ref)) if int(ref) <= MAX_ID else None
    else:
        report = session.exec(select(Report).where(Report.code == ref)).first()
    if report is None:
        raise NotFound(f"no report with id or code {ref!r}")
    return report


def list_reports(
    session: Session, *, limit: int, offset: int, within: Scope = EVERYTHING
) -> Page[ReportRead]:
    """The reports (those a scope reaches), oldest first."""
    query = select(Report)
    if not within.everything:
        query = query.where(col(Report.id).in_(report_ids_within(within)))
    return paginate(
        session,
        query,
        limit=limit,
        offset=offset,
        order_by=(col(Report.id),),
        read=lambda rows: [ReportRead.of(r) for r in rows],
    )


def current_responses(session: Session, recommendation_ids: list[int]) -> dict[int, Response]:
    """The latest response of each recommendation: the one in force now."""
    latest: dict[int, Response] = {}
    rows = session.exec(
        select(Response)
        .where(col(Response.recommendation_id).in_(recommendation_ids))
        .order_by(col(Response.recorded_at), col(Response.id))
    ).all()
    for row in rows:
        latest[row.recommendation_id] = row
    return latest


@dataclass(frozen=True, slots=True)
class _Under:
    """What is recorded under a set of recommendations, by recommendation id."""

    indicators: dict[int, list[Indicator]]
    actions: dict[int, list[Action]]
    target_date_changes: dict[int, list[TargetDateChange]]
    closures: dict[int, ClosureRead]
    responses: dict[int, Response]


def _under(session: Session, ids: list[int]) -> _Under:
    """Everything recorded under the recommendations, in a fixed number of queries."""
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for ind in session.exec(
        select(Indicator)
        .where(col(Indicator.recommendation_id).in_(ids))
        .order_by(col(Indicator.label))
    ).all():
        indicators[ind.recommendation_id].append(ind)
    actions: dict[int, list[Action]] = defaultdict(list)
    for act in session.exec(
        select(Action).where(col(Action.recommendation_id).in_(ids)).order_by(col(Action.id))
    ).all():
        actions[act.recommendation_id].append(act)
    changes: dict[int, list[TargetDateChange]] = defaultdict(list)
    for change in session.exec(
        select(TargetDateChange)
        .where(col(TargetDateChange.recommendation_id).in_(ids))
        .order_by(col(TargetDateChange.id))
    ).all():
        changes[change.recommendation_id].append(change)
    latest: dict[int, OfficialAssessment] = {}
    for assessment in session.exec(
        select(OfficialAssessment)
        .where(col(OfficialAssessment.recommendation_id).in_(ids))
        .order_by(*IN_FORCE_ORDER)
    ).all():
        latest.setdefault(assessment.recommendation_id, assessment)  # the first is in force
    closures = {rec_id: closure_read(a) for rec_id, a in latest.items() if a.status in CLOSURES}
    return _Under(indicators, actions, changes, closures, current_responses(session, ids))


def recommendation_reads(
    session: Session, recommendations: list[Recommendation]
) -> list[RecommendationRead]:
    """Recommendations with everything recorded under them."""
    under = _under(session, [r.id for r in recommendations if r.id is not None])
    reads = []
    for rec in recommendations:
        assert rec.id is not None
        response = under.responses.get(rec.id)
        closure = under.closures.get(rec.id)
        reads.append(
            RecommendationRead(
                id=rec.id,
                report_id=rec.report_id,
                number=rec.number,
                code=rec.code,
                text=rec.text,
                priority=rec.priority,
                original_target_date=rec.original_target_date,
                current_target_date=rec.current_target_date,
                source_ref=rec.source_ref,
                indicators=[_as_read(IndicatorRead, i) for i in under.indicators[rec.id]],
                response=ResponseRead.of(response) if response else None,
                actions=[_as_read(ActionRead, a) for a in under.actions[rec.id]],
                target_date_changes=[
                    _as_read(TargetDateChangeRead, c) for c in under.target_date_changes[rec.id]
                ],
                closure=closure,
            )
        )
    return reads


Schema = TypeVar("Schema", bound=BaseModel)


def _as_read(schema: type[Schema], row: object) -> Schema:
    return schema.model_validate(row, from_attributes=True)


def describe_report(session: Session, report: Report) -> ReportDetail:
    """A report with its recommendations, indicators, responses and actions nested."""
    recommendations = list(
        session.exec(
            select(Recommendation)
            .where(Recommendation.report_id == report.id)
            .order_by(col(Recommendation.number))
        ).all()
    )
    return ReportDetail(
        **ReportRead.of(report).model_dump(),
        recommendations=recommendation_reads(session, recommendations),
    )


def first_report(session: Session, within: Scope = EVERYTHING) -> Report | None:
    query = select(Report)
    if not within.everything:
        query = query.where(col(Report.id).in_(report_ids_within(within)))
    return session.exec(query.order_by(col(Report.id)).limit(1)).first()
