"""The compliance rules: pure functions from recorded facts and an `as_of` moment to statuses.

Nothing here touches the database, the clock or the settings, so every rule can be tested by
a table of cases and recomputed for any past moment.
"""

from app.compliance.indicator import indicator_status
from app.compliance.recommendation import recommendation_status
from app.compliance.report import report_status

__all__ = ["indicator_status", "recommendation_status", "report_status"]
