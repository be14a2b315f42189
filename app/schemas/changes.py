"""The change feed: every write, in order, behind a cursor."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ChangeRead(BaseModel):
    id: int = Field(description="Position in the feed; strictly increasing in commit order.")
    occurred_at: datetime
    actor: str
    kind: str = Field(
        description="evidence_recorded, evidence_assessed, evidence_withdrawn, evidence_imported, "
        "response_recorded, action_created, action_updated, target_date_changed, "
        "recommendation_assessed (the oversight body's assessment; a closure is one), "
        "progress_reported (the entity's progress report), "
        "indicator_assessed (an indicator judged as a whole), "
        "report_loaded; recommendation_closed in entries written before closures were "
        "assessments"
    )
    entity: str
    entity_id: int
    report_id: int | None
    data: dict[str, Any]


class ChangePage(BaseModel):
    items: list[ChangeRead]
    next_cursor: int = Field(description="Pass as `after` to get what comes next.")
    has_more: bool = Field(description="True when more changes wait beyond this page.")
