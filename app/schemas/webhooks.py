"""Webhooks as registered and read back, and their deliveries."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from app.schemas.body import RequestBody
from app.schemas.evidence import SourceUrl
from app.schemas.tokens import ScopeName


class EventKind(StrEnum):
    """What a webhook may hear of: the change feed's kinds (a write in the record), and what
    followup notices by itself (a status that moved, a report or a date falling due; see
    app.compliance.notices)."""

    EVIDENCE_RECORDED = "evidence_recorded"
    EVIDENCE_ASSESSED = "evidence_assessed"
    EVIDENCE_WITHDRAWN = "evidence_withdrawn"
    EVIDENCE_IMPORTED = "evidence_imported"
    ATTACHMENT_ADDED = "attachment_added"
    INDICATOR_ASSESSED = "indicator_assessed"
    RESPONSE_RECORDED = "response_recorded"
    PROGRESS_REPORTED = "progress_reported"
    RECOMMENDATION_ASSESSED = "recommendation_assessed"
    TARGET_DATE_CHANGED = "target_date_changed"
    ACTION_CREATED = "action_created"
    ACTION_UPDATED = "action_updated"
    REPORT_LOADED = "report_loaded"
    RECOMMENDATION_STATUS_CHANGED = "recommendation_status_changed"
    PROGRESS_REPORT_DUE = "progress_report_due"
    TARGET_DATE_APPROACHING = "target_date_approaching"
    RECOMMENDATION_OVERDUE = "recommendation_overdue"


class WebhookCreate(RequestBody):
    url: SourceUrl = Field(description="Where events are POSTed (http or https).")
    kinds: list[EventKind] = Field(
        min_length=1, max_length=50, description="The kinds of event to send."
    )
    entities: list[ScopeName] = Field(
        default_factory=list, max_length=100, description="Only these entities' reports."
    )
    reports: list[ScopeName] = Field(
        default_factory=list, max_length=1000, description="Only these reports, by code."
    )


class WebhookRead(BaseModel):
    id: int
    url: str
    kinds: list[str]
    entities: list[str]
    reports: list[str]
    created_at: datetime
    created_by: str
    disabled_at: datetime | None


class WebhookCreated(WebhookRead):
    secret: str = Field(
        description="The signing secret (Standard Webhooks, whsec_...): shown this once."
    )


class DeliveryRead(BaseModel):
    id: int
    webhook_id: int
    change_id: int = Field(description="The event: its change-log id, and its webhook-id.")
    kind: str
    state: str = Field(description="pending, delivered, or failed (after 24 hours of tries).")
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    delivered_at: datetime | None
    last_status: int | None = Field(description="The receiver's last HTTP status, if any.")
    last_latency_ms: int | None
    last_error: str
