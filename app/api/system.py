"""Liveness and readiness probes for load balancers and orchestrators."""

from typing import Literal

import anyio
from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.api.runtime import Runtime, RuntimeDep
from app.errors import DomainError
from app.migrate import current_revision, head_revision

router = APIRouter(tags=["system"])


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    database: str
    revision: str | None


class NotReady(DomainError):
    status = 503
    type = "/problems/not-ready"
    title = "Not ready"


@router.get("/health", response_model=Health)
async def health() -> Health:
    """Liveness: the process is up and answering."""
    return Health(status="ok")


@router.get("/ready", response_model=Readiness, responses={503: {"description": "Not ready"}})
async def ready(runtime: RuntimeDep) -> Readiness:
    """Readiness: requests do not queue for worker threads for long, the database answers and
    its schema is at the latest migration."""
    # Told from memory first: a saturated pool would keep this probe itself waiting.
    waited = runtime.pool.saturated_for()
    limit = runtime.settings.ready_saturation_seconds
    if waited >= limit:
        raise NotReady(
            f"requests have waited for a worker thread for {waited:.0f} s without a pause "
            f"(FOLLOWUP_READY_SATURATION_SECONDS is {limit:g}): this instance is saturated"
        )
    return await anyio.to_thread.run_sync(_database_ready, runtime)


def _database_ready(runtime: Runtime) -> Readiness:
    engine = runtime.database.engine
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        revision = current_revision(engine)
    except SQLAlchemyError as exc:
        raise NotReady(f"the database does not answer: {type(exc).__name__}") from exc
    head = head_revision()
    if revision != head:
        raise NotReady(f"the database is at migration {revision}, not at head {head}; upgrade it")
    return Readiness(status="ready", database=engine.dialect.name, revision=revision)
