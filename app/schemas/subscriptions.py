"""E-mail subscriptions as made and read back, and their deliveries."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, EmailStr, Field

from app.schemas.body import RequestBody
from app.schemas.tokens import ScopeName


class MailLanguage(StrEnum):
    """The languages e-mails are written in (the status words exist in all six UN languages;
    the sentences around them, so far, in these)."""

    ZH = "zh"
    EN = "en"


class SubscriptionCreate(RequestBody):
    email: EmailStr = Field(description="Where reminders and digests go.")
    language: MailLanguage = Field(description="The language of the e-mails: zh or en.")
    reminders: bool = Field(
        default=True,
        description="A reminder when a progress report falls due, or a target date is 30 days "
        "away or has passed.",
    )
    digest: bool = Field(default=True, description="A digest of each week's changes (Monday).")
    entities: list[ScopeName] = Field(
        default_factory=list, max_length=100, description="Only these entities' reports."
    )
    reports: list[ScopeName] = Field(
        default_factory=list, max_length=1000, description="Only these reports, by code."
    )


class SubscriptionRead(BaseModel):
    id: int
    email: str
    language: str
    reminders: bool
    digest: bool
    entities: list[str]
    reports: list[str]
    created_at: datetime
    created_by: str
    unsubscribed_at: datetime | None


class EmailDeliveryRead(BaseModel):
    id: int
    subscription_id: int
    key: str = Field(description="change:<id> (a reminder of that event) or digest:<ISO week>.")
    change_id: int | None
    state: str = Field(
        description="pending, sent, failed (after 24 hours of tries), empty (a quiet week's "
        "digest, not sent) or unsubscribed (left before it was sent)."
    )
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    last_error: str
