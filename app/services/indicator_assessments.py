"""Evaluators' judgements of indicators as a whole: recording them (append-only) and listing
them, the one in force first."""

from sqlmodel import Session, col, select

from app.errors import ErrorDetail, Invalid
from app.models import Evidence, Indicator, IndicatorAssessment
from app.schemas.indicator import IndicatorAssessmentCreate, IndicatorAssessmentRead
from app.schemas.page import Page
from app.services.paging import paginate
from app.writes.unit_of_work import UnitOfWork


def _refuse(message: str, field: str) -> Invalid:
    return Invalid(message, errors=[ErrorDetail(message=message, field=field)])


def judge_indicator(
    unit: UnitOfWork, indicator: Indicator, data: IndicatorAssessmentCreate
) -> IndicatorAssessmentRead:
    """Record a judgement of the indicator as a whole; in force from the day it speaks for
    until a later one, it decides the indicator whatever each item's own verdict."""
    assert indicator.id is not None
    assessed_on = data.assessed_on or unit.now.date()
    if assessed_on > unit.now.date():
        raise _refuse(
            f"assessed_on {assessed_on} is in the future; a judgement speaks for the past",
            "body.assessed_on",
        )
    cited = list(dict.fromkeys(data.evidence_ids))
    found = set(
        unit.session.exec(
            select(Evidence.id).where(
                col(Evidence.id).in_(cited), Evidence.indicator_id == indicator.id
            )
        ).all()
    )
    if missing := sorted(set(cited) - found):
        raise _refuse(
            f"evidence {', '.join(map(str, missing))} is not evidence of {indicator.code}",
            "body.evidence_ids",
        )
    row = IndicatorAssessment(
        indicator_id=indicator.id,
        status=data.status,
        evidence_ids=cited,
        comment=data.comment,
        assessed_on=assessed_on,
        recorded_at=unit.now,
        recorded_by=unit.actor,
    )
    unit.session.add(row)
    unit.session.flush()
    assert row.id is not None
    unit.record(
        kind="indicator_assessed",
        entity="indicator",
        entity_id=indicator.id,
        report_id=indicator.report_id,
        data={
            "before": None,
            "after": {
                "indicator_assessment_id": row.id,
                "status": str(row.status),
                "assessed_on": assessed_on.isoformat(),
                "evidence_ids": cited,
            },
        },
    )
    return IndicatorAssessmentRead.model_validate(row, from_attributes=True)


def list_indicator_assessments(
    session: Session, indicator: Indicator, *, limit: int, offset: int
) -> Page[IndicatorAssessmentRead]:
    """The indicator's judgements, the one that took force last first."""
    return paginate(
        session,
        select(IndicatorAssessment).where(IndicatorAssessment.indicator_id == indicator.id),
        limit=limit,
        offset=offset,
        order_by=(
            col(IndicatorAssessment.assessed_on).desc(),
            col(IndicatorAssessment.recorded_at).desc(),
            col(IndicatorAssessment.id).desc(),
        ),
        read=lambda rows: [
            IndicatorAssessmentRead.model_validate(r, from_attributes=True) for r in rows
        ],
    )
