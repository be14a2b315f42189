"""Routes for an indicator: reading it, its status, and the evidence recorded against it."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.access.roles import Role, allows
from app.api.auth import READER
from app.api.deps import MomentDep, PageDep, SessionDep
from app.api.entities import EntityId, IndicatorDep, IndicatorRefDep
from app.api.runtime import RuntimeDep
from app.api.status_answers import StatusResponse
from app.api.writers import ContributorGroupWrite, EvaluatorWrite
from app.schemas.evidence import EvidenceCreate, EvidenceRead
from app.schemas.indicator import (
    IndicatorAssessmentCreate,
    IndicatorAssessmentRead,
    IndicatorRead,
)
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.status import IndicatorStatusAt
from app.services.evidence import list_evidence, target_of
from app.services.indicator_assessments import judge_indicator, list_indicator_assessments
from app.services.recommendations import describe_indicator
from app.services.recording import record_evidence
from app.status_reads.queries import IndicatorQuery

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
async def read_indicator_status(
    request: Request, runtime: RuntimeDep, indicator_id: EntityId, moment: MomentDep
) -> Response:
    """Compliance status of the indicator, with the evidence that counts, as of a moment."""
    query = IndicatorQuery(indicator_id, moment)
    return StatusResponse(await runtime.status.answer(query, request.headers.get("if-none-match")))


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
        session,
        target_of(indicator),
        include_all=include == "all",
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/evidence",
    status_code=201,
    response_model=EvidenceRead,
    responses=problem_responses(404, 409, 413, 422),
)
async def record_evidence_item(
    indicator: IndicatorRefDep,
    body: EvidenceCreate,
    write: ContributorGroupWrite,
    response: Response,
) -> EvidenceRead:
    """Record evidence (or, with supersedes_id, a correction) and optionally a first verdict."""
    # The busiest write: the indicator comes from memory, and the write is committed together
    # with the others waiting at the same moment (see app.writes.committer).
    may_assess = allows(write.principal.role, Role.EVALUATOR)
    created = await write.run(record_evidence, indicator.target, body, may_assess=may_assess)
    response.headers["Location"] = f"/api/v1/evidence/{created.id}"
    return created


@router.get(
    "/assessments",
    response_model=Page[IndicatorAssessmentRead],
    responses=problem_responses(404, 422),
)
def read_indicator_assessments(
    session: SessionDep, indicator: IndicatorDep, page: PageDep
) -> Page[IndicatorAssessmentRead]:
    """Evaluators' judgements of the indicator as a whole, the one in force first."""
    return list_indicator_assessments(session, indicator, limit=page.limit, offset=page.offset)


@router.post(
    "/assessments",
    status_code=201,
    response_model=IndicatorAssessmentRead,
    responses=problem_responses(404, 413, 422),
)
async def judge_indicator_as_a_whole(
    indicator: IndicatorDep,
    body: IndicatorAssessmentCreate,
    write: EvaluatorWrite,
    response: Response,
) -> IndicatorAssessmentRead:
    """Judge the indicator as a whole (met, partially met, not met), citing its evidence: the
    judgement in force decides the indicator; the evidence rule's status is still shown."""
    created = await write.run(judge_indicator, indicator, body)
    response.headers["Location"] = f"/api/v1/indicators/{indicator.id}/assessments"
    return created
