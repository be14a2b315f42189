"""Path dependencies that load what a path names, or answer 404."""

from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, Path
from sqlmodel import Session

from app.api.deps import SessionDep
from app.api.paths import REPORT_REF
from app.api.runtime import RuntimeDep
from app.models import Action, Evidence, Indicator, Recommendation, Report
from app.schemas.evidence import MAX_ID
from app.services.actions import find_action
from app.services.evidence import find_evidence
from app.services.indicator_directory import IndicatorRef
from app.services.recommendations import find_indicator, find_recommendation
from app.services.reports import find_report

Loaded = TypeVar("Loaded")

ReportPath = Annotated[
    str, Path(pattern=f"^({REPORT_REF})$", description="The report's numeric id, or its code.")
]
EntityId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _released(session: Session, entity: Loaded) -> Loaded:
    """End the read that loaded a path's entity, giving its connection back to the pool.

    The route itself runs in another turn of the thread pool: a request that kept its
    connection while waiting for that turn could, in a burst, leave every connection held by
    a request waiting for a thread and every thread waiting for a connection. Ended by a commit
    of what only read: unlike a rollback, it leaves the entity loaded (sessions here never
    expire on commit)."""
    session.commit()
    return entity


def load_report(report_id: ReportPath, session: SessionDep) -> Report:
    return _released(session, find_report(session, report_id))


def load_recommendation(recommendation_id: EntityId, session: SessionDep) -> Recommendation:
    return _released(session, find_recommendation(session, recommendation_id))


def load_indicator(indicator_id: EntityId, session: SessionDep) -> Indicator:
    return _released(session, find_indicator(session, indicator_id))


def load_evidence(evidence_id: EntityId, session: SessionDep) -> Evidence:
    return _released(session, find_evidence(session, evidence_id))


def load_action(action_id: EntityId, session: SessionDep) -> Action:
    return _released(session, find_action(session, action_id))


async def find_indicator_ref(indicator_id: EntityId, runtime: RuntimeDep) -> IndicatorRef:
    """What a write needs of the indicator it names: from memory once this process has seen
    it (see services.indicator_directory), else read in a worker thread."""
    known = runtime.indicators.peek(indicator_id)
    if known is not None:
        return known

    def look_up() -> IndicatorRef:
        with runtime.database.read_session() as session:
            return runtime.indicators.find(session, indicator_id)

    return await anyio.to_thread.run_sync(look_up)


ReportDep = Annotated[Report, Depends(load_report)]
RecommendationDep = Annotated[Recommendation, Depends(load_recommendation)]
IndicatorDep = Annotated[Indicator, Depends(load_indicator)]
IndicatorRefDep = Annotated[IndicatorRef, Depends(find_indicator_ref)]
EvidenceDep = Annotated[Evidence, Depends(load_evidence)]
ActionDep = Annotated[Action, Depends(load_action)]
