"""Route for searching the record within the caller's scope."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.access.decisions import Principal
from app.api.auth import READER
from app.api.deps import SessionDep
from app.api.heavy_slots import HeavySlot
from app.schemas.problem import problem_responses
from app.schemas.search import SearchKind, SearchResults
from app.services.search import search

router = APIRouter(tags=["search"], dependencies=[HeavySlot])


@router.get(
    "/api/v1/search",
    response_model=SearchResults,
    responses=problem_responses(401, 403, 422, 429),
)
def find(
    session: SessionDep,
    caller: Annotated[Principal, READER],
    q: Annotated[
        str,
        Query(
            min_length=2,
            max_length=200,
            pattern=r"^[^\x00-\x1f]*[^\x00-\x1f\s][^\x00-\x1f]*$",
            description="Words to find (case-insensitive, anywhere in a text; Chinese too).",
        ),
    ],
    kind: Annotated[
        list[SearchKind] | None,
        Query(description="Only these kinds (repeat it); default: all four."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Most matches of each kind.")] = 20,
) -> SearchResults:
    """Reports (title, code, symbol), recommendations and indicators (text in any of its
    languages, code) and evidence (title, description, document symbol, external id) whose
    words hold `q`, among the reports your token reaches. Each kind gives up to `limit`
    matches (evidence newest first); `more` says some were left out."""
    return search(session, q, kinds=kind or list(SearchKind), limit=limit, scope=caller.scope)
