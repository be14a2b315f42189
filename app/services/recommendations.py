"""Recommendations: reading them, moving their target dates, closing them."""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.errors import Conflict, NotFound
from app.models import Closure, Indicator, Recommendation, TargetDateChange
from app.schemas.indicator import IndicatorRead
from app.schemas.recommendation import (
    ClosureCreate,
    ClosureRead,
    RecommendationRead,
    TargetDateChangeCreate,
    TargetDateChangeRead,
)
from app.services.reports import recommendation_reads
from app.writes.unit_of_work import UnitOfWork


def find_recommendation(session: Session, recommendation_id: int) -> Recommendation:
    recommendation = session.get(Recommendation, recommendation_id)
    if recommendation is None:
        raise NotFound(f"no recommendation with id {recommendation_id}")
    return recommendation


def find_indicator(session: Session, indicator_id: int) -> Indicator:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFound(f"no indicator with id {indicator_id}")
    return indicator


def describe_recommendation(session: Session, recommendation: Recommendation) -> RecommendationRead:
    return recommendation_reads(session, [recommendation])[0]


def describe_indicator(indicator: Indicator) -> IndicatorRead:
    return IndicatorRead.model_validate(indicator, from_attributes=True)


def change_target_date(
    unit: UnitOfWork, recommendation: Recommendation, change: TargetDateChangeCreate
) -> TargetDateChangeRead:
    """Move the target date; the previous one stays in the history with the reason."""
    session = unit.session
    assert recommendation.id is not None
    # Lock first, then read the date in force: concurrent moves line up one after the other.
    session.refresh(recommendation, with_for_update=True)
    row = TargetDateChange(
        recommendation_id=recommendation.id,
        previous_date=recommendation.current_target_date,
        new_date=change.new_date,
        reason=change.reason,
        changed_at=unit.now,
        changed_by=unit.actor,
    )
    session.add(row)
    recommendation.current_target_date = change.new_date
    recommendation.updated_at = unit.now
    session.add(recommendation)
    session.flush()
    assert row.id is not None
    unit.record(
        kind="target_date_changed",
        entity="recommendation",
        entity_id=recommendation.id,
        report_id=recommendation.report_id,
        data={
            "before": {
                "current_target_date": row.previous_date.isoformat() if row.previous_date else None
            },
            "after": {
                "current_target_date": row.new_date.isoformat(),
                "reason": row.reason,
                "target_date_change_id": row.id,
            },
        },
    )
    return TargetDateChangeRead.model_validate(row, from_attributes=True)


def close_recommendation(
    unit: UnitOfWork, recommendation: Recommendation, closure: ClosureCreate
) -> ClosureRead:
    """Close a recommendation as no longer relevant; a recommendation is closed at most once."""
    session = unit.session
    assert recommendation.id is not None
    if session.exec(select(Closure).where(Closure.recommendation_id == recommendation.id)).first():
        raise Conflict(f"recommendation {recommendation.code} is already closed")
    row = Closure(
        recommendation_id=recommendation.id,
        reason=closure.reason,
        justification=closure.justification,
        closed_at=unit.now,
        closed_by=unit.actor,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent closure won the race
        raise Conflict(f"recommendation {recommendation.code} is already closed") from exc
    assert row.id is not None
    unit.record(
        kind="recommendation_closed",
        entity="recommendation",
        entity_id=recommendation.id,
        report_id=recommendation.report_id,
        data={
            "before": {"closed": False},
            "after": {
                "closed": True,
                "closure_id": row.id,
                "reason": row.reason,
                "justification": row.justification,
            },
        },
    )
    return ClosureRead.model_validate(row, from_attributes=True)
