"""People who asked to hear by e-mail: reminders (a progress report due, a target date near or
passed) and a weekly digest of what changed, within a scope, in their language; and each
message's delivery to each of them.

Reminders come from the change log (the outbox) past each subscription's cursor, like webhook
deliveries; a digest is one per subscription per ISO week. A delivery row is unique per
(subscription, key), so nothing is sent twice for one event."""

from datetime import datetime

from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Subscription(SQLModel, table=True):
    __tablename__ = "subscription"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320)
    language: str = Field(max_length=8)
    scope_entities: list[str] = Field(default_factory=list, sa_type=JSON)
    scope_reports: list[str] = Field(default_factory=list, sa_type=JSON)
    reminders: bool = True
    digest: bool = True
    # The secret of the unsubscribe link each message carries (no sign-in needed to leave).
    unsubscribe_token: str = Field(max_length=64, unique=True)
    # The last change id looked at for reminders (it hears of what came after it was made).
    cursor: int = 0
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    unsubscribed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class EmailDelivery(SQLModel, table=True):
    __tablename__ = "email_delivery"
    __table_args__ = (
        UniqueConstraint("subscription_id", "key"),
        # The mailer's question: what is due now.
        Index(None, "state", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id")
    # What the message is about: "change:<id>" (a reminder) or "digest:<ISO week>".
    key: str = Field(max_length=100)
    change_id: int | None = Field(default=None, foreign_key="change.id")
    # pending, sent, failed (24 hours of attempts), or empty (a digest of a quiet week).
    state: str = Field(max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str = Field(default="", sa_type=Text)
