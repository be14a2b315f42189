"""The oversight body's assessments of recommendations: recording them (a closure is one kind),
listing them, and the one in force."""

from datetime import date

from sqlmodel import Session, col, select

from app.compliance.vocabulary import OfficialStatus
from app.errors import Conflict, ErrorDetail, Invalid
from app.models import OfficialAssessment, Recommendation
from app.schemas.page import Page
from app.schemas.recommendation import (
    ClosureCreate,
    ClosureRead,
    OfficialAssessmentCreate,
    OfficialAssessmentRead,
)
from app.services.paging import paginate
from app.writes.unit_of_work import UnitOfWork

# The order in which assessments take force: the day they speak for, then when recorded.
IN_FORCE_ORDER = (
    col(OfficialAssessment.assessed_on).desc(),
    col(OfficialAssessment.recorded_at).desc(),
    col(OfficialAssessment.id).desc(),
)


def in_force(session: Session, recommendation_id: int, on: date) -> OfficialAssessment | None:
    """The assessment in force on a day: the one assessed last by then."""
    return session.exec(
        select(OfficialAssessment)
        .where(
            OfficialAssessment.recommendation_id == recommendation_id,
            col(OfficialAssessment.assessed_on) <= on,
        )
        .order_by(*IN_FORCE_ORDER)
    ).first()


def assess_recommendation(
    unit: UnitOfWork, recommendation: Recommendation, data: OfficialAssessmentCreate
) -> OfficialAssessmentRead:
    """Record the oversight body's assessment; it is in force from the day it speaks for until
    a later one, and prevails over the status derived from the evidence."""
    assessed_on = data.assessed_on or unit.now.date()
    if assessed_on > unit.now.date():
        message = f"assessed_on {assessed_on} is in the future; an assessment speaks for the past"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.assessed_on")])
    row = _record(unit, recommendation, data.status, assessed_on, data)
    return OfficialAssessmentRead.model_validate(row, from_attributes=True)


def close_recommendation(
    unit: UnitOfWork, recommendation: Recommendation, closure: ClosureCreate
) -> ClosureRead:
    """Close a recommendation as no longer relevant, as of today: an official assessment."""
    assert recommendation.id is not None
    # Lock first, then read what is in force: two closures of one recommendation line up.
    unit.session.refresh(recommendation, with_for_update=True)
    current = in_force(unit.session, recommendation.id, unit.now.date())
    if current is not None and current.status is OfficialStatus.NO_LONGER_RELEVANT:
        raise Conflict(f"recommendation {recommendation.code} is already closed")
    data = OfficialAssessmentCreate(
        status=OfficialStatus.NO_LONGER_RELEVANT, justification=closure.justification
    )
    row = _record(unit, recommendation, data.status, unit.now.date(), data)
    return closure_read(row)


def closure_read(row: OfficialAssessment) -> ClosureRead:
    assert row.id is not None
    return ClosureRead(
        id=row.id,
        recommendation_id=row.recommendation_id,
        reason=str(row.status),
        justification=row.justification or "",
        closed_at=row.recorded_at,
        closed_by=row.recorded_by,
    )


def _record(
    unit: UnitOfWork,
    recommendation: Recommendation,
    status: OfficialStatus,
    assessed_on: date,
    data: OfficialAssessmentCreate,
) -> OfficialAssessment:
    assert recommendation.id is not None
    before = in_force(unit.session, recommendation.id, assessed_on)
    row = OfficialAssessment(
        recommendation_id=recommendation.id,
        status=status,
        assessed_on=assessed_on,
        source_ref=data.source_ref,
        comment=data.comment,
        justification=data.justification or None,
        recorded_at=unit.now,
        recorded_by=unit.actor,
    )
    unit.session.add(row)
    unit.session.flush()
    assert row.id is not None
    unit.record(
        kind="recommendation_assessed",
        entity="recommendation",
        entity_id=recommendation.id,
        report_id=recommendation.report_id,
        data={
            "before": {"status": str(before.status) if before else None},
            "after": {
                "official_assessment_id": row.id,
                "status": str(status),
                "assessed_on": assessed_on.isoformat(),
                "source_ref": row.source_ref,
                "justification": row.justification,
            },
        },
    )
    return row


def list_official_assessments(
    session: Session, recommendation: Recommendation, *, limit: int, offset: int
) -> Page[OfficialAssessmentRead]:
    """The recommendation's official assessments, the one that took force last first."""
    return paginate(
        session,
        select(OfficialAssessment).where(OfficialAssessment.recommendation_id == recommendation.id),
        limit=limit,
        offset=offset,
        order_by=IN_FORCE_ORDER,
        read=lambda rows: [
            OfficialAssessmentRead.model_validate(r, from_attributes=True) for r in rows
        ],
    )
