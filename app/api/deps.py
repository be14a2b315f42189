"""Request dependencies: the session, the acting user, load-or-404 of each entity, as_of."""

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, TypeVar

from fastapi import Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session

from app.clock import utcnow
from app.committer import Committer
from app.db import Database
from app.errors import ErrorDetail, Invalid
from app.models import Action, Evidence, Indicator, Recommendation, Report
from app.schemas.evidence import MAX_ID
from app.schemas.page import DEFAULT_PAGE, MAX_PAGE
from app.services.actions import find_action
from app.services.evidence import find_evidence
from app.services.recommendations import find_indicator, find_recommendation
from app.services.reports import find_report
from app.services.status import Moment
from app.services.status_cache import StatusCache
from app.services.targets import IndicatorDirectory, IndicatorRef

Loaded = TypeVar("Loaded")
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def _database(request: Request) -> Database:
    # Async, as are the other dependencies that only look something up: FastAPI runs a plain
    # function dependency in the thread pool, a round trip that costs more than the lookup.
    return get_database(request)


DatabaseDep = Annotated[Database, Depends(_database)]


async def _committer(request: Request) -> Committer:
    committer: Committer = request.app.state.committer
    return committer


CommitterDep = Annotated[Committer, Depends(_committer)]


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A read session for reads; for writes, one that reads first and takes the write lock
    only when its service begins to write (see Database.request_session).

    Async on purpose: its closing (the rollback of a failed write) then runs on the event loop
    at once, instead of waiting for a worker thread while holding SQLite's write lock."""
    database = get_database(request)
    reading = request.method in READ_METHODS
    with database.read_session() if reading else database.request_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


ReportPath = Annotated[
    str,
    Path(
        pattern=r"^([0-9]{1,10}|[a-z][a-z0-9-]{1,99})$",
        description="The report's numeric id, or its code.",
    ),
]


def _loaded(session: Session, entity: Loaded) -> Loaded:
    """End the read that loaded a path's entity, giving its connection back to the pool.

    The route itself runs in another turn of the thread pool: a request that kept its
    connection while waiting for that turn could, in a burst, leave every connection held by
    a request waiting for a thread and every thread waiting for a connection. (The entity
    stays usable: sessions here never expire what they loaded.)"""
    session.commit()
    return entity


def load_report(report_id: ReportPath, session: SessionDep) -> Report:
    return _loaded(session, find_report(session, report_id))


def load_recommendation(
    recommendation_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: SessionDep
) -> Recommendation:
    return _loaded(session, find_recommendation(session, recommendation_id))


IndicatorId = Annotated[int, Path(ge=1, le=MAX_ID)]


def load_indicator(indicator_id: IndicatorId, session: SessionDep) -> Indicator:
    return _loaded(session, find_indicator(session, indicator_id))


async def find_indicator_ref(indicator_id: IndicatorId, request: Request) -> IndicatorRef:
    """What a write needs of the indicator it names: from memory once this process has seen
    it (see targets), else read in a worker thread."""
    directory: IndicatorDirectory = request.app.state.indicators
    known = directory.peek(indicator_id)
    if known is not None:
        return known
    database = get_database(request)

    def look_up() -> IndicatorRef:
        with database.read_session() as session:
            return directory.find(session, indicator_id)

    return await run_in_threadpool(look_up)


def load_evidence(
    evidence_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: SessionDep
) -> Evidence:
    return _loaded(session, find_evidence(session, evidence_id))


def load_action(action_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: SessionDep) -> Action:
    return _loaded(session, find_action(session, action_id))


ReportDep = Annotated[Report, Depends(load_report)]
RecommendationDep = Annotated[Recommendation, Depends(load_recommendation)]
IndicatorDep = Annotated[Indicator, Depends(load_indicator)]
IndicatorRefDep = Annotated[IndicatorRef, Depends(find_indicator_ref)]
EvidenceDep = Annotated[Evidence, Depends(load_evidence)]
ActionDep = Annotated[Action, Depends(load_action)]

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACED_OFFSET = re.compile(r"(?<=\d) (\d{2}:?\d{2})$")


def parse_as_of(value: str) -> datetime:
    """A date means the end of that day (UTC); a datetime without a zone is taken as UTC.
    Moments beyond what a UTC datetime can hold are clamped to its first or last instant."""
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            return datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
        # An unencoded "+" in a query string arrives as a space: "...T12:00:00 02:00".
        moment = datetime.fromisoformat(_SPACED_OFFSET.sub(r"+\1", text))
    except ValueError as exc:
        message = f"as_of {value!r} is not an ISO 8601 date or datetime"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="query.as_of")]) from exc
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00 is before the first UTC instant
        edge = datetime.min if moment.year == 1 else datetime.max
        return edge.replace(tzinfo=UTC)


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


async def get_moment(as_of: Annotated[str | None, AS_OF_QUERY] = None) -> Moment:
    return Moment(as_of=None if as_of is None else parse_as_of(as_of), now=utcnow())


MomentDep = Annotated[Moment, Depends(get_moment)]


async def get_status_cache(request: Request) -> StatusCache:
    cache: StatusCache = request.app.state.status_cache
    return cache


StatusCacheDep = Annotated[StatusCache, Depends(get_status_cache)]


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
