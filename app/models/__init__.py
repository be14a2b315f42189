"""Table classes, one concept per module; importing this package registers them all."""

# Registered with the metadata, not exported: only status reads and the unit of work may
# touch the data versions (see .importlinter).
from app.models import data_version as _data_version  # noqa: F401
from app.models.action import Action, ActionState
from app.models.assessment import Assessment
from app.models.attachment import AttachmentChunk, AttachmentContent, EvidenceAttachment
from app.models.browser_session import BrowserSession
from app.models.change import Change
from app.models.evidence import Evidence, Withdrawal
from app.models.evidence_import import EvidenceImport
from app.models.idempotency import IdempotencyRecord
from app.models.indicator import Indicator
from app.models.indicator_assessment import IndicatorAssessment
from app.models.notice import Notice
from app.models.official_assessment import OfficialAssessment
from app.models.organisation import Entity, OversightBody
from app.models.progress_report import ProgressReport
from app.models.recommendation import Recommendation, TargetDateChange
from app.models.report import Report
from app.models.response import Response
from app.models.subscription import EmailDelivery, Subscription
from app.models.token import ApiToken
from app.models.webhook import Webhook, WebhookDelivery

__all__ = [
    "Action",
    "ActionState",
    "ApiToken",
    "Assessment",
    "AttachmentChunk",
    "AttachmentContent",
    "BrowserSession",
    "Change",
    "EmailDelivery",
    "Entity",
    "Evidence",
    "EvidenceAttachment",
    "EvidenceImport",
    "IdempotencyRecord",
    "Indicator",
    "IndicatorAssessment",
    "Notice",
    "OfficialAssessment",
    "OversightBody",
    "ProgressReport",
    "Recommendation",
    "Report",
    "Response",
    "Subscription",
    "TargetDateChange",
    "Webhook",
    "WebhookDelivery",
    "Withdrawal",
]
