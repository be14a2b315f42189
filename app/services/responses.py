"""Management responses: each new version is kept, the latest is in force."""

from sqlmodel import Session, col, select

from app.models import Recommendation, Response
from app.schemas.page import Page
from app.schemas.response import ResponseCreate, ResponseRead
from app.services.paging import paginate
from app.writes.unit_of_work import UnitOfWork


def record_response(
    unit: UnitOfWork, recommendation: Recommendation, response: ResponseCreate
) -> ResponseRead:
    """Record a new version of the response; earlier versions stay as history."""
    assert recommendation.id is not None
    row = Response(
        recommendation_id=recommendation.id,
        acceptance=response.acceptance,
        text={str(k): v for k, v in response.text.items()},
        caveats=[{str(k): v for k, v in c.items()} for c in response.caveats],
        justification=response.justification or None,
        responded_on=response.responded_on,
        source_ref=response.source_ref,
        recorded_at=unit.now,
        recorded_by=unit.actor,
    )
    add_response(unit, recommendation, row)
    return ResponseRead.model_validate(row, from_attributes=True)


def add_response(unit: UnitOfWork, recommendation: Recommendation, row: Response) -> None:
    """Add a response version and its change entry to the unit of work."""
    session = unit.session
    previous = session.exec(
        select(Response)
        .where(Response.recommendation_id == recommendation.id)
        .order_by(col(Response.recorded_at).desc(), col(Response.id).desc())
    ).first()
    session.add(row)
    session.flush()
    assert row.id is not None
    assert recommendation.id is not None
    unit.record(
        kind="response_recorded",
        entity="recommendation",
        entity_id=recommendation.id,
        report_id=recommendation.report_id,
        data={
            "before": {"acceptance": str(previous.acceptance) if previous else None},
            "after": {
                "response_id": row.id,
                "acceptance": str(row.acceptance),
                "justification": row.justification,
            },
        },
    )


def list_responses(
    session: Session, recommendation: Recommendation, *, limit: int, offset: int
) -> Page[ResponseRead]:
    """Every version of the response, newest first."""
    return paginate(
        session,
        select(Response).where(Response.recommendation_id == recommendation.id),
        limit=limit,
        offset=offset,
        order_by=(col(Response.recorded_at).desc(), col(Response.id).desc()),
        read=lambda rows: [ResponseRead.model_validate(r, from_attributes=True) for r in rows],
    )
