"""The entity's management response to a recommendation, kept as versions."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, Text
from sqlmodel import Field, SQLModel

from app.compliance.vocabulary import Acceptance
from app.models.base import StrEnumType, UTCDateTime


class Response(SQLModel, table=True):
    """One version of a response; the latest recorded one is current, earlier ones are history."""

    __tablename__ = "response"
    __table_args__ = (Index(None, "recommendation_id", "recorded_at"),)

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id")
    acceptance: Acceptance = Field(sa_type=StrEnumType(Acceptance))
    text: dict[str, str] = Field(sa_type=JSON)
    # Each caveat: {"text": {lang: ...}, "source_ref": ..., "applies_to": null or
    # {"indicators": [codes], "part": {lang: ...} or null}} (see schemas.response.Caveat).
    caveats: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    justification: str | None = Field(default=None, sa_type=Text)
    responded_on: date | None = None
    source_ref: str = Field(default="", sa_type=Text)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)
