"""Routes listing the entities and oversight bodies of the portfolio."""

from typing import Annotated

from fastapi import APIRouter

from app.access.decisions import Principal
from app.api.auth import READER
from app.api.deps import PageDep, SessionDep
from app.schemas.organisation import OrganisationRead
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.services.organisations import list_entities, list_oversight_bodies

router = APIRouter(tags=["reports"], dependencies=[READER])
Caller = Annotated[Principal, READER]


@router.get(
    "/api/v1/entities", response_model=Page[OrganisationRead], responses=problem_responses(422)
)
def read_entities(session: SessionDep, page: PageDep, caller: Caller) -> Page[OrganisationRead]:
    """The entities whose reports are followed up (those your token reaches), by name."""
    return list_entities(session, limit=page.limit, offset=page.offset, within=caller.scope)


@router.get(
    "/api/v1/oversight-bodies",
    response_model=Page[OrganisationRead],
    responses=problem_responses(422),
)
def read_oversight_bodies(
    session: SessionDep, page: PageDep, caller: Caller
) -> Page[OrganisationRead]:
    """The oversight bodies whose reports are followed up (those your token reaches)."""
    return list_oversight_bodies(session, limit=page.limit, offset=page.offset, within=caller.scope)
