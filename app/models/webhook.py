"""Webhooks: receivers of the record's events, and each event's delivery to each of them.

The outbox is the change log itself: every change is written in the transaction of the write
that caused it, with ids handed out in commit order, so a receiver's cursor over it misses
nothing and never sees a rolled-back write. A delivery row per (webhook, change) is made when
the change is fanned out, then attempted until it is delivered or 24 hours have passed."""

from datetime import datetime

from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Webhook(SQLModel, table=True):
    __tablename__ = "webhook"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2048)
    # The Standard Webhooks signing secret ("whsec_" and base64), shown once at creation.
    secret: str = Field(max_length=100)
    kinds: list[str] = Field(default_factory=list, sa_type=JSON)
    scope_entities: list[str] = Field(default_factory=list, sa_type=JSON)
    scope_reports: list[str] = Field(default_factory=list, sa_type=JSON)
    # The last change id fanned out to this webhook (it hears of what came after it was made).
    cursor: int = 0
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("webhook_id", "change_id"),
        # The dispatcher's question: what is due now.
        Index(None, "state", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id")
    change_id: int = Field(foreign_key="change.id")
    # pending (to be attempted at next_attempt_at), delivered, or failed (24 hours of attempts).
    state: str = Field(max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status: int | None = None
    last_latency_ms: int | None = None
    last_error: str = Field(default="", sa_type=Text)
