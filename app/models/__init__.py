"""Table classes, one concept per module; importing this package registers them all."""

from app.models.action import Action, ActionState
from app.models.assessment import Assessment
from app.models.change import Change
from app.models.data_version import DataVersion
from app.models.evidence import Evidence, Withdrawal
from app.models.evidence_import import EvidenceImport
from app.models.idempotency import IdempotencyRecord
from app.models.indicator import Indicator
from app.models.recommendation import Closure, Recommendation, TargetDateChange
from app.models.report import Report
from app.models.response import Response
from app.models.token import ApiToken

__all__ = [
    "Action",
    "ActionState",
    "ApiToken",
    "Assessment",
    "Change",
    "Closure",
    "DataVersion",
    "Evidence",
    "EvidenceImport",
    "IdempotencyRecord",
    "Indicator",
    "Recommendation",
    "Report",
    "Response",
    "TargetDateChange",
    "Withdrawal",
]
