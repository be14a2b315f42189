"""Management responses: each new version is kept, the latest is in force."""

from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.errors import ErrorDetail, Invalid
from app.models import Indicator, Recommendation, Response
from app.schemas.page import Page
from app.schemas.response import Caveat, ResponseCreate, ResponseRead, caveat_record
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
        caveats=checked_caveats(unit.session, recommendation, response.caveat_records()),
        justification=response.justification or None,
        responded_on=response.responded_on,
        source_ref=response.source_ref,
        recorded_at=unit.now,
        recorded_by=unit.actor,
    )
    add_response(unit, recommendation, row)
    return ResponseRead.of(row)


def checked_caveats(
    session: Session,
    recommendation: Recommendation,
    caveats: Sequence[Caveat],
    where: str = "body.",
) -> list[dict[str, object]]:
    """The caveats as stored, once each indicator they name is one of this recommendation's:
    a caveat cannot qualify an indicator of another recommendation, nor one that is not there."""
    codes = set(
        session.exec(
            select(Indicator.code).where(Indicator.recommendation_id == recommendation.id)
        ).all()
    )
    errors = [
        ErrorDetail(
            message=f"{code} is not an indicator of {recommendation.code}"
            + (f" (its indicators: {', '.join(sorted(codes))})" if codes else " (it has none)"),
            field=f"{where}caveats.{n}.applies_to.indicators.{k}",
        )
        for n, caveat in enumerate(caveats)
        if caveat.applies_to
        for k, code in enumerate(caveat.applies_to.indicators)
        if code not in codes
    ]
    if errors:
        raise Invalid("a caveat names an indicator the recommendation does not have", errors=errors)
    return [caveat_record(c) for c in caveats]


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
        read=lambda rows: [ResponseRead.of(r) for r in rows],
    )
