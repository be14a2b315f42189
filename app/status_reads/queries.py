"""The status reads there are: what each asks for, and the moment it asks about."""

import hashlib
from dataclasses import dataclass

from app.access.scopes import EVERYTHING, Scope
from app.moments import Moment
from app.schemas.portfolio import GroupBy
from app.status_reads.history import Period


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """A report's status, by its numeric id or its code."""

    report: str
    moment: Moment


@dataclass(frozen=True, slots=True)
class PortfolioQuery:
    """Every report's summary at once (of those a scope reaches)."""

    moment: Moment
    within: Scope = EVERYTHING

    @property
    def label(self) -> str:
        """The moment, and the scope when it is not everything: two scopes, two bodies."""
        if self.within.everything:
            return self.moment.label
        said = "|".join([*sorted(self.within.entities), "#", *sorted(self.within.reports)])
        return f"{self.moment.label}@{hashlib.sha256(said.encode()).hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class PortfolioGroupsQuery:
    """The portfolio grouped by oversight body, entity or year (of what a scope reaches)."""

    portfolio: PortfolioQuery
    group_by: GroupBy

    @property
    def label(self) -> str:
        return f"{self.group_by}:{self.portfolio.label}"


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


StatusQuery = (
    ReportQuery
    | PortfolioQuery
    | PortfolioGroupsQuery
    | RecommendationQuery
    | IndicatorQuery
    | HistoryQuery
)


@dataclass(frozen=True, slots=True)
class StatusAnswer:
    """A status read answered: the ETag, and the body unless the caller holds it already."""

    etag: str
    body: bytes | None  # None: not modified (the caller's If-None-Match named this ETag)
