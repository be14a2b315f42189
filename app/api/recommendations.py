"""Routes for a recommendation: reading it, its status, response, actions, dates, closure."""

from fastapi import APIRouter, Request, Response

from app.api.auth import READER, Contributor, Evaluator
from app.api.conditional import conditional_status
from app.api.deps import (
    MomentDep,
    PageDep,
    RecommendationDep,
    SessionDep,
    StatusCacheDep,
)
from app.schemas.action import ActionCreate, ActionRead
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.recommendation import (
    ClosureCreate,
    ClosureRead,
    RecommendationRead,
    TargetDateChangeCreate,
    TargetDateChangeRead,
)
from app.schemas.response import ResponseCreate, ResponseRead
from app.schemas.status import RecommendationStatusAt
from app.services.actions import create_action, list_actions
from app.services.recommendations import (
    change_target_date,
    close_recommendation,
    describe_recommendation,
)
from app.services.responses import list_responses, record_response
from app.services.status import recommendation_status_view

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
def read_recommendation_status(
    request: Request,
    session: SessionDep,
    recommendation: RecommendationDep,
    moment: MomentDep,
    cache: StatusCacheDep,
) -> Response:
    """Compliance status of the recommendation and its indicators, explained, as of a moment."""
    key, render = recommendation_status_view(session, recommendation, moment)
    return conditional_status(request, key, render, cache)


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
def respond_to_recommendation(
    session: SessionDep,
    recommendation: RecommendationDep,
    body: ResponseCreate,
    actor: Evaluator,
    response: Response,
) -> ResponseRead:
    """Record the entity's response (a new version; earlier ones stay as history)."""
    created = record_response(session, recommendation, body, actor=actor)
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
def plan_action(
    session: SessionDep,
    recommendation: RecommendationDep,
    body: ActionCreate,
    actor: Contributor,
    response: Response,
) -> ActionRead:
    """Add a follow-up action."""
    created = create_action(session, recommendation, body, actor=actor)
    response.headers["Location"] = f"/api/v1/actions/{created.id}"
    return created


@router.post(
    "/target-date-changes",
    status_code=201,
    response_model=TargetDateChangeRead,
    responses=problem_responses(404, 413, 422),
)
def move_target_date(
    session: SessionDep,
    recommendation: RecommendationDep,
    body: TargetDateChangeCreate,
    actor: Evaluator,
    response: Response,
) -> TargetDateChangeRead:
    """Move the target date, saying why; the history keeps every earlier date."""
    created = change_target_date(session, recommendation, body, actor=actor)
    response.headers["Location"] = f"/api/v1/recommendations/{recommendation.id}"
    return created


@router.post(
    "/closure",
    status_code=201,
    response_model=ClosureRead,
    responses=problem_responses(404, 409, 413, 422),
)
def close_as_no_longer_relevant(
    session: SessionDep,
    recommendation: RecommendationDep,
    body: ClosureCreate,
    actor: Evaluator,
    response: Response,
) -> ClosureRead:
    """Close the recommendation as no longer relevant, with a justification."""
    created = close_recommendation(session, recommendation, body, actor=actor)
    response.headers["Location"] = f"/api/v1/recommendations/{recommendation.id}"
    return created
