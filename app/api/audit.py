"""Route to the audit log: every write, with who, when, and the values before and after."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from app.access.decisions import Principal
from app.api.auth import EVALUATOR
from app.api.deps import SessionDep
from app.schemas.changes import ChangePage
from app.schemas.evidence import MAX_ID
from app.schemas.page import MAX_PAGE
from app.schemas.problem import problem_responses
from app.schemas.text import QueryText
from app.services.change_log import AuditFilter, list_changes

router = APIRouter(tags=["audit"], dependencies=[EVALUATOR])


@router.get("/api/v1/audit", response_model=ChangePage, responses=problem_responses(401, 403, 422))
def read_audit(
    session: SessionDep,
    caller: Annotated[Principal, EVALUATOR],
    after: Annotated[int, Query(ge=0, le=MAX_ID, description="Cursor last seen.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    report_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    entity: Annotated[
        QueryText | None, Query(max_length=50, examples=["evidence", "token"])
    ] = None,
    entity_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    actor: Annotated[QueryText | None, Query(max_length=200)] = None,
    kind: Annotated[QueryText | None, Query(max_length=50, examples=["evidence_withdrawn"])] = None,
    since: Annotated[datetime | None, Query(description="Occurred at or after.")] = None,
    until: Annotated[datetime | None, Query(description="Occurred before.")] = None,
) -> ChangePage:
    """The audit log (evaluators and admins), filterable, in write order, with token events."""
    audit = AuditFilter(
        entity=entity, entity_id=entity_id, actor=actor, kind=kind, since=since, until=until
    )
    return list_changes(
        session,
        after=after,
        limit=limit,
        report_id=report_id,
        audit=audit,
        within=caller.scope,
    )
