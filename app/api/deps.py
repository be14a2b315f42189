"""Request dependencies: the session, the moment asked for, paging."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from sqlmodel import Session

from app.api.runtime import RuntimeDep
from app.moments import Moment, parse_as_of
from app.schemas.evidence import MAX_ID
from app.schemas.page import DEFAULT_PAGE, MAX_PAGE


async def get_session(runtime: RuntimeDep) -> AsyncIterator[Session]:
    """The request's session: it reads without any lock; a write made on it takes the write
    lock only when it starts (see app.db.Database.writing).

    Async, as are the other dependencies that only look something up: FastAPI runs a plain
    function dependency through the thread pool, a round trip that costs more than the work."""
    with runtime.database.read_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

AS_OF_QUERY = Query(
    max_length=64,
    description="Compute as of this date (end of day, UTC) or datetime (ISO 8601); "
    "default: the current status.",
    examples=["2026-03-01", "2026-03-01T12:00:00Z"],
    # What the parser takes, told to clients and to schema-driven test tools.
    json_schema_extra={
        "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]
    },
)


KNOWN_AT_QUERY = Query(
    max_length=64,
    description="Read the record as it stood at this date (end of day, UTC) or datetime: "
    "only what was recorded by then (what the tracker said then); default: all of it.",
    examples=["2025-01-15"],
    json_schema_extra={
        "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]
    },
)


async def get_moment(
    runtime: RuntimeDep,
    as_of: Annotated[str | None, AS_OF_QUERY] = None,
    known_at: Annotated[str | None, KNOWN_AT_QUERY] = None,
) -> Moment:
    return Moment(
        as_of=None if as_of is None else parse_as_of(as_of),
        now=runtime.clock.now(),
        known_at=None if known_at is None else parse_as_of(known_at, field="query.known_at"),
    )


MomentDep = Annotated[Moment, Depends(get_moment)]


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


async def get_page(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="Items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(get_page)]
