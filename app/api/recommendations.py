"""Routes for a recommendation: reading it, its status, response, actions, dates, the
oversight body's assessments (a closure among them), the entity's progress reports and the
evidence recorded against the recommendation itself."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.access.roles import Role, allows
from app.api.auth import READER
from app.api.deps import MomentDep, PageDep, SessionDep
from app.api.entities import EntityId, RecommendationDep
from app.api.runtime import RuntimeDep
from app.api.status_answers import StatusResponse
from app.api.writers import ContributorGroupWrite, ContributorWrite, EvaluatorWrite
from app.schemas.action import ActionCreate, ActionRead
from app.schemas.evidence import EvidenceCreate, EvidenceRead
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.progress import ProgressReportCreate, ProgressReportRead
from app.schemas.recommendation import (
    ClosureCreate,
    ClosureRead,
    OfficialAssessmentCreate,
    OfficialAssessmentRead,
    RecommendationRead,
    TargetDateChangeCreate,
    TargetDateChangeRead,
)
from app.schemas.response import ResponseCreate, ResponseRead
from app.schemas.status import RecommendationStatusAt
from app.services.actions import create_action, list_actions
from app.services.evidence import list_evidence, target_of
from app.services.official_assessments import (
    assess_recommendation,
    close_recommendation,
    list_official_assessments,
)
from app.services.progress_reports import list_progress_reports, report_progress
from app.services.recommendations import change_target_date, describe_recommendation
from app.services.recording import record_evidence
from app.services.responses import list_responses, record_response
from app.status_reads.queries import RecommendationQuery

router = APIRouter(
    prefix="/api/v1/recommendations/{recommendation_id}",
    tags=["recommendations"],
    dependencies=[READER],
)


@router.get("", response_model=RecommendationRead, responses=problem_responses(404, 422))
def read_recommendation(
    session: SessionDep, recommendation: RecommendationDep
) -> RecommendationRead:
    """One recommendation with its indicators, current response, actions and closure."""
    return describe_recommendation(session, recommendation)


@router.get(
    "/status",
    response_model=RecommendationStatusAt,
    responses={304: {"description": "Not modified"}, **problem_responses(404, 422)},
)
async def read_recommendation_status(
    request: Request, runtime: RuntimeDep, recommendation_id: EntityId, moment: MomentDep
) -> Response:
    """Compliance status of the recommendation and its indicators, explained, as of a moment."""
    query = RecommendationQuery(recommendation_id, moment)
    return StatusResponse(await runtime.status.answer(query, request.headers.get("if-none-match")))


@router.get("/responses", response_model=Page[ResponseRead], responses=problem_responses(404, 422))
def read_responses(
    session: SessionDep, recommendation: RecommendationDep, page: PageDep
) -> Page[ResponseRead]:
    """Every version of the management response, newest (the one in force) first."""
    return list_responses(session, recommendation, limit=page.limit, offset=page.offset)


@router.post(
    "/responses",
    status_code=201,
    response_model=ResponseRead,
    responses=problem_responses(404, 413, 422),
)
async def respond_to_recommendation(
    recommendation: RecommendationDep,
    body: ResponseCreate,
    write: EvaluatorWrite,
    response: Response,
) -> ResponseRead:
    """Record the entity's response (a new version; earlier ones stay as history)."""
    created = await write.run(record_response, recommendation, body)
    response.headers["Location"] = f"/api/v1/recommendations/{recommendation.id}/responses"
    return created


@router.get("/actions", response_model=Page[ActionRead], responses=problem_responses(404, 422))
def read_actions(
    session: SessionDep, recommendation: RecommendationDep, page: PageDep
) -> Page[ActionRead]:
    """The follow-up actions planned under the recommendation's response."""
    return list_actions(session, recommendation, limit=page.limit, offset=page.offset)


@router.post(
    "/actions",
    status_code=201,
    response_model=ActionRead,
    responses=problem_responses(404, 413, 422),
)
async def plan_action(
    recommendation: RecommendationDep,
    body: ActionCreate,
    write: ContributorWrite,
    response: Response,
) -> ActionRead:
    """Add a follow-up action."""
    created = await write.run(create_action, recommendation, body)
    response.headers["Location"] = f"/api/v1/actions/{created.id}"
    return created


@router.post(
    "/target-date-changes",
    status_code=201,
    response_model=TargetDateChangeRead,
    responses=problem_responses(404, 413, 422),
)
async def move_target_date(
    recommendation: RecommendationDep,
    body: TargetDateChangeCreate,
    write: EvaluatorWrite,
    response: Response,
) -> TargetDateChangeRead:
    """Move the target date, saying why; the history keeps every earlier date."""
    created = await write.run(change_target_date, recommendation, body)
    response.headers["Location"] = f"/api/v1/recommendations/{recommendation.id}"
    return created


@router.post(
    "/closure",
    status_code=201,
    response_model=ClosureRead,
    responses=problem_responses(404, 409, 413, 422),
)
async def close_as_no_longer_relevant(
    recommendation: RecommendationDep,
    body: ClosureCreate,
    write: EvaluatorWrite,
    response: Response,
) -> ClosureRead:
    """Close the recommendation as no longer relevant, with a justification: the oversight
    body's assessment, as of today (see `/assessments`)."""
    created = await write.run(close_recommendation, recommendation, body)
    response.headers["Location"] = f"/api/v1/recommendations/{recommendation.id}"
    return created


@router.get(
    "/assessments",
    response_model=Page[OfficialAssessmentRead],
    responses=problem_responses(404, 422),
)
def read_official_assessments(
    session: SessionDep, recommendation: RecommendationDep, page: PageDep
) -> Page[OfficialAssessmentRead]:
    """The oversight body's assessments of the recommendation, the one in force first."""
    return list_official_assessments(session, recommendation, limit=page.limit, offset=page.offset)


@router.post(
    "/assessments",
    status_code=201,
    response_model=OfficialAssessmentRead,
    responses=problem_responses(404, 413, 422),
)
async def assess_officially(
    recommendation: RecommendationDep,
    body: OfficialAssessmentCreate,
    write: EvaluatorWrite,
    response: Response,
) -> OfficialAssessmentRead:
    """Record the oversight body's assessment (the official status, e.g. from a triennial
    review); the latest with `assessed_on` reached is in force, and prevails over the status
    derived from the evidence. Earlier ones stay as history."""
    created = await write.run(assess_recommendation, recommendation, body)
    response.headers["Location"] = f"/api/v1/recommendations/{recommendation.id}/assessments"
    return created


@router.get(
    "/progress-reports",
    response_model=Page[ProgressReportRead],
    responses=problem_responses(404, 422),
)
def read_progress_reports(
    session: SessionDep, recommendation: RecommendationDep, page: PageDep
) -> Page[ProgressReportRead]:
    """The entity's reports of its progress on the recommendation, the latest first."""
    return list_progress_reports(session, recommendation, limit=page.limit, offset=page.offset)


@router.post(
    "/progress-reports",
    status_code=201,
    response_model=ProgressReportRead,
    responses=problem_responses(404, 413, 422),
)
async def report_progress_on(
    recommendation: RecommendationDep,
    body: ProgressReportCreate,
    write: ContributorWrite,
    response: Response,
) -> ProgressReportRead:
    """Report the entity's progress (self-assessment, each reporting cycle): its claim, shown
    beside the official and the derived status, never in place of them."""
    created = await write.run(report_progress, recommendation, body)
    response.headers["Location"] = f"/api/v1/recommendations/{recommendation.id}/progress-reports"
    return created


@router.get("/evidence", response_model=Page[EvidenceRead], responses=problem_responses(404, 422))
def read_own_evidence(
    session: SessionDep,
    recommendation: RecommendationDep,
    page: PageDep,
    include: Annotated[
        Literal["current", "all"],
        Query(description="`all` also lists superseded and withdrawn items."),
    ] = "current",
) -> Page[EvidenceRead]:
    """Evidence recorded against the recommendation itself (not against its indicators),
    oldest first."""
    return list_evidence(
        session,
        target_of(recommendation),
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
async def record_own_evidence(
    recommendation: RecommendationDep,
    body: EvidenceCreate,
    write: ContributorGroupWrite,
    response: Response,
) -> EvidenceRead:
    """Record evidence of the recommendation itself (or, with supersedes_id, a correction), and
    optionally a first verdict: the one criterion of a recommendation without indicators, and
    activity beside the indicators of one that has them."""
    may_assess = allows(write.principal.role, Role.EVALUATOR)
    target = target_of(recommendation)
    created = await write.run(record_evidence, target, body, may_assess=may_assess)
    response.headers["Location"] = f"/api/v1/evidence/{created.id}"
    return created
