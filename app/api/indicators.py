"""Routes for an indicator: reading it, its status, and the evidence recorded against it."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.access.roles import Role, allows
from app.api.auth import READER, ContributorDep
from app.api.conditional import conditional_status
from app.api.deps import (
    CommitterDep,
    IndicatorDep,
    IndicatorRefDep,
    MomentDep,
    PageDep,
    SessionDep,
    StatusCacheDep,
)
from app.schemas.evidence import EvidenceCreate, EvidenceRead
from app.schemas.indicator import IndicatorRead
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.status import IndicatorStatusAt
from app.services.evidence import list_evidence
from app.services.recommendations import describe_indicator
from app.services.recording import record_evidence
from app.services.status import indicator_status_view

router = APIRouter(
    prefix="/api/v1/indicators/{indicator_id}", tags=["indicators"], dependencies=[READER]
)


@router.get("", response_model=IndicatorRead, responses=problem_responses(404, 422))
def read_indicator(indicator: IndicatorDep) -> IndicatorRead:
    """One performance indicator."""
    return describe_indicator(indicator)


@router.get(
    "/status",
    response_model=IndicatorStatusAt,
    responses={304: {"description": "Not modified"}, **problem_responses(404, 422)},
)
def read_indicator_status(
    request: Request,
    session: SessionDep,
    indicator: IndicatorDep,
    moment: MomentDep,
    cache: StatusCacheDep,
) -> Response:
    """Compliance status of the indicator, with the evidence that counts, as of a moment."""
    key, render = indicator_status_view(session, indicator, moment)
    return conditional_status(request, key, render, cache)


@router.get("/evidence", response_model=Page[EvidenceRead], responses=problem_responses(404, 422))
def read_evidence_list(
    session: SessionDep,
    indicator: IndicatorDep,
    page: PageDep,
    include: Annotated[
        Literal["current", "all"],
        Query(description="`all` also lists superseded and withdrawn items."),
    ] = "current",
) -> Page[EvidenceRead]:
    """Evidence recorded against the indicator, oldest first."""
    return list_evidence(
        session, indicator, include_all=include == "all", limit=page.limit, offset=page.offset
    )


@router.post(
    "/evidence",
    status_code=201,
    response_model=EvidenceRead,
    responses=problem_responses(404, 409, 413, 422),
)
async def record_evidence_item(
    committer: CommitterDep,
    indicator: IndicatorRefDep,
    body: EvidenceCreate,
    principal: ContributorDep,
    response: Response,
) -> EvidenceRead:
    """Record evidence (or, with supersedes_id, a correction) and optionally a first verdict."""
    # The busiest write: the indicator comes from memory, and the write is committed together
    # with the others waiting at the same moment (see app.committer).
    created = await committer.write(
        lambda session: record_evidence(
            session,
            indicator,
            body,
            actor=principal.name,
            may_assess=allows(principal.role, Role.EVALUATOR),
        )
    )
    response.headers["Location"] = f"/api/v1/evidence/{created.id}"
    return created
