"""Evidence recorded against an indicator or against a recommendation itself, and its
withdrawals. Rows are never edited."""

import hashlib
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Evidence(SQLModel, table=True):
    """One evidence item. A correction is a new row pointing at the one it supersedes."""

    __tablename__ = "evidence"
    __table_args__ = (
        # An external id names one logical item; each correction of it is the next revision.
        UniqueConstraint("report_id", "external_id", "revision"),
        Index(None, "indicator_id", "recorded_at"),
        Index(None, "recommendation_id", "recorded_at"),
        Index(None, "report_id", "recorded_at"),
        # Only items without an external id are ever looked up by content (see importing
        # .matching): the index leaves out the rest, which spares every import the upkeep of
        # a random-ordered key per row.
        Index(
            None,
            "report_id",
            "content_hash",
            sqlite_where=text("external_id IS NULL"),
            postgresql_where=text("external_id IS NULL"),
        ),
        # An import finds the rows each of its batches wrote as one range of this index.
        Index(None, "import_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id")
    recommendation_id: int = Field(foreign_key="recommendation.id")
    # None: evidence of the recommendation itself (one without indicators, as JIU and audit
    # recommendations usually are; or activity beside its indicators).
    indicator_id: int | None = Field(default=None, foreign_key="indicator.id")
    title: str = Field(max_length=500)
    description: str = Field(default="", sa_type=Text)
    source_url: str | None = Field(default=None, max_length=2048)
    document_symbol: str | None = Field(default=None, max_length=200)
    effective_on: date
    external_id: str | None = Field(default=None, max_length=200)
    revision: int = Field(default=1)
    # Unique: a chain of corrections never forks.
    supersedes_id: int | None = Field(default=None, foreign_key="evidence.id", unique=True)
    # SHA-256 of what the item says (indicator or recommendation, title, description, source,
    # date): lets a spreadsheet row find an item recorded without an external_id by what it
    # says.
    content_hash: str = Field(max_length=64)
    import_id: int | None = Field(default=None, foreign_key="evidence_import.id")
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)


class Withdrawal(SQLModel, table=True):
    """The event that takes an evidence item out of the record from then on."""

    __tablename__ = "withdrawal"

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", unique=True)
    reason: str = Field(sa_type=Text)
    withdrawn_at: datetime = Field(sa_type=UTCDateTime)
    withdrawn_by: str = Field(max_length=200)


class EvidenceTarget(NamedTuple):
    """What an evidence item is recorded against: an indicator, or a recommendation itself
    (indicator_id None). Its code (the indicator's, else the recommendation's) is part of what
    the item says."""

    report_id: int
    recommendation_id: int
    indicator_id: int | None
    code: str

    def holds(self, recommendation_id: int, indicator_id: int | None) -> bool:
        """Whether an item recorded against these ids is recorded against this target."""
        return (recommendation_id, indicator_id) == (self.recommendation_id, self.indicator_id)


def content_hash(
    *,
    code: str,
    title: str,
    description: str,
    source_url: str | None,
    document_symbol: str | None,
    effective_on: date,
) -> str:
    """What an evidence item says, as a SHA-256 hex digest (the value of `content_hash`);
    `code` is its target's (see EvidenceTarget)."""
    parts = (
        code,
        title,
        description,
        source_url or "",
        document_symbol or "",
        effective_on.isoformat(),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
