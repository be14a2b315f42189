"""Recommendations: reading them, moving their target dates."""

from sqlmodel import Session

from app.errors import ErrorDetail, Invalid, NotFound
from app.models import Indicator, Recommendation, TargetDateChange
from app.schemas.indicator import IndicatorRead
from app.schemas.recommendation import (
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
    decided_on = change.decided_on or unit.now.date()
    if decided_on > unit.now.date():
        message = f"decided_on {decided_on} is in the future; record a move once decided"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.decided_on")])
    row = TargetDateChange(
        recommendation_id=recommendation.id,
        previous_date=recommendation.current_target_date,
        new_date=change.new_date,
        reason=change.reason,
        decided_on=decided_on,
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
