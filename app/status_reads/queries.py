"""The status reads there are: what each asks for, and the moment it asks about."""

from dataclasses import dataclass

from app.moments import Moment
from app.status_reads.history import Period


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """A report's status, by its numeric id or its code."""

    report: str
    moment: Moment


@dataclass(frozen=True, slots=True)
class PortfolioQuery:
    """Every report's summary at once."""

    moment: Moment


@dataclass(frozen=True, slots=True)
class RecommendationQuery:
    recommendation_id: int
    moment: Moment


@dataclass(frozen=True, slots=True)
class IndicatorQuery:
    indicator_id: int
    moment: Moment


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """A report's status at every step of a period."""

    report: str
    period: Period


StatusQuery = ReportQuery | PortfolioQuery | RecommendationQuery | IndicatorQuery | HistoryQuery


@dataclass(frozen=True, slots=True)
class StatusAnswer:
    """A status read answered: the ETag, and the body unless the caller holds it already."""

    etag: str
    body: bytes | None  # None: not modified (the caller's If-None-Match named this ETag)
