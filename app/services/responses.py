"""Management responses: each new version is kept, the latest is in force."""

from sqlmodel import Session, col, select

from app.clock import utcnow
from app.db import begin_write
from app.models import Recommendation, Response
from app.schemas.page import Page
from app.schemas.response import ResponseCreate, ResponseRead
from app.services.changes import record_change
from app.services.paging import paginate


def record_response(
    session: Session, recommendation: Recommendation, response: ResponseCreate, *, actor: str
) -> ResponseRead:
    """Record a new version of the response; earlier versions stay as history."""
    begin_write(session)
    assert recommendation.id is not None
    now = utcnow()
    row = Response(
        recommendation_id=recommendation.id,
        acceptance=response.acceptance,
        text={str(k): v for k, v in response.text.items()},
        caveats=[{str(k): v for k, v in c.items()} for c in response.caveats],
        justification=response.justification or None,
        responded_on=response.responded_on,
        source_ref=response.source_ref,
        recorded_at=now,
        recorded_by=actor,
    )
    add_response(session, recommendation, row)
    session.commit()
    return ResponseRead.model_validate(row, from_attributes=True)


def add_response(session: Session, recommendation: Recommendation, row: Response) -> None:
    """Add a response version and its change entry to the caller's transaction."""
    previous = session.exec(
        select(Response)
        .where(Response.recommendation_id == recommendation.id)
        .order_by(col(Response.recorded_at).desc(), col(Response.id).desc())
    ).first()
    session.add(row)
    session.flush()
    assert row.id is not None
    assert recommendation.id is not None
    record_change(
        session,
        at=row.recorded_at,
        actor=row.recorded_by,
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
