"""The entity's progress reports on recommendations: recording them (append-only) and listing
them, the latest first."""

from sqlmodel import Session, col, select

from app.errors import ErrorDetail, Invalid
from app.models import Evidence, ProgressReport, Recommendation
from app.schemas.page import Page
from app.schemas.progress import ProgressReportCreate, ProgressReportRead
from app.services.paging import paginate
from app.writes.unit_of_work import UnitOfWork


def _refuse(message: str, field: str) -> Invalid:
    return Invalid(message, errors=[ErrorDetail(message=message, field=field)])


def _check_evidence(session: Session, recommendation: Recommendation, ids: list[int]) -> None:
    """Every item named is evidence of this recommendation: of its indicators, or its own."""
    if not ids:
        return
    found = set(
        session.exec(
            select(Evidence.id).where(
                col(Evidence.id).in_(ids), Evidence.recommendation_id == recommendation.id
            )
        ).all()
    )
    missing = sorted(set(ids) - found)
    if missing:
        raise _refuse(
            f"evidence {', '.join(map(str, missing))} is not evidence of {recommendation.code}",
            "body.evidence_ids",
        )


def report_progress(
    unit: UnitOfWork, recommendation: Recommendation, data: ProgressReportCreate
) -> ProgressReportRead:
    """Record the entity's report of its progress: its claim, which the flags weigh against
    the evidence and the oversight body's assessment."""
    assert recommendation.id is not None
    reported_on = data.reported_on or unit.now.date()
    if reported_on > unit.now.date():
        raise _refuse(
            f"reported_on {reported_on} is in the future; a report speaks for the past",
            "body.reported_on",
        )
    _check_evidence(unit.session, recommendation, data.evidence_ids)
    row = ProgressReport(
        recommendation_id=recommendation.id,
        status=data.status,
        narrative=data.narrative,
        period=data.period or None,
        reported_on=reported_on,
        expected_completion_on=data.expected_completion_on,
        evidence_ids=list(dict.fromkeys(data.evidence_ids)),
        recorded_at=unit.now,
        recorded_by=unit.actor,
    )
    unit.session.add(row)
    unit.session.flush()
    assert row.id is not None
    unit.record(
        kind="progress_reported",
        entity="recommendation",
        entity_id=recommendation.id,
        report_id=recommendation.report_id,
        data={
            "before": None,
            "after": {
                "progress_report_id": row.id,
                "status": str(row.status),
                "period": row.period,
                "reported_on": reported_on.isoformat(),
                "evidence_ids": row.evidence_ids,
            },
        },
    )
    return ProgressReportRead.model_validate(row, from_attributes=True)


def list_progress_reports(
    session: Session, recommendation: Recommendation, *, limit: int, offset: int
) -> Page[ProgressReportRead]:
    """The recommendation's progress reports, the latest first."""
    return paginate(
        session,
        select(ProgressReport).where(ProgressReport.recommendation_id == recommendation.id),
        limit=limit,
        offset=offset,
        order_by=(
            col(ProgressReport.reported_on).desc(),
            col(ProgressReport.recorded_at).desc(),
            col(ProgressReport.id).desc(),
        ),
        read=lambda rows: [
            ProgressReportRead.model_validate(r, from_attributes=True) for r in rows
        ],
    )
