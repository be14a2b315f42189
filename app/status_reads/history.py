"""A report's status at each step of a period, by the same rules and record as `?as_of=`."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.compliance import report_status
from app.compliance.calendar import add_months
from app.compliance.record import ReportFacts
from app.errors import ErrorDetail, Invalid
from app.models import Report
from app.moments import EVERYTHING, FIRST_DAY, LAST_DAY, end_of
from app.schemas.history import HistoryPoint, HistoryRead, RecommendationPoint, Step
from app.status_reads.rendering import ref_of

MAX_POINTS = 1000


@dataclass(frozen=True, slots=True)
class Period:
    """The days a history covers, from `start` to `end` in steps; and how much of the record
    each point reads: all of it (`known_at` None, as known now: the trend of what was true at
    each date), up to a moment (what the tracker said then), or, with `as_recorded`, each point
    as the record stood at that point."""

    start: date
    end: date
    step: Step
    known_at: datetime | None = None
    as_recorded: bool = False

    @staticmethod
    def asked(
        start: date | None,
        end: date | None,
        step: Step,
        today: date,
        *,
        known_at: datetime | None = None,
        as_recorded: bool = False,
    ) -> "Period":
        """Defaults: up to today, over the twelve months before. Refused when `from` is after
        `to`, either is outside the days a record may speak for, or the period has more than
        MAX_POINTS points."""
        for name, day in (("from", start), ("to", end)):
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                message = f"{name} ({day}) must be a date from {FIRST_DAY} to {LAST_DAY}"
                raise Invalid(message, errors=[ErrorDetail(message=message, field=f"query.{name}")])
        end = end or today
        period = Period(start or add_months(end, -12), end, step, known_at, as_recorded)
        period.days()
        return period

    @property
    def label(self) -> str:
        known = (
            "same"
            if self.as_recorded
            else ("now" if self.known_at is None else self.known_at.isoformat())
        )
        return f"{self.start}..{self.end}/{self.step}|known@{known}"

    def known_for(self, day: date) -> datetime | None:
        """How much of the record the point of `day` reads (None: all of it)."""
        return end_of(day) if self.as_recorded else self.known_at

    def days(self) -> list[date]:
        if self.start > self.end:
            message = f"from ({self.start}) is after to ({self.end})"
            raise Invalid(message, errors=[ErrorDetail(message=message, field="query.from")])
        days = []
        for day in step_dates(self.start, self.end, self.step):
            days.append(day)
            if len(days) > MAX_POINTS:
                message = f"more than {MAX_POINTS} points; use a longer step or a shorter period"
                raise Invalid(message, errors=[ErrorDetail(message=message, field="query.step")])
        return days


def step_dates(start: date, end: date, step: Step) -> Iterator[date]:
    """start, start + 1 step, ... up to end; end itself closes the series."""
    n = 0
    while True:
        try:
            match step:
                case Step.DAY:
                    day = start + timedelta(days=n)
                case Step.WEEK:
                    day = start + timedelta(weeks=n)
                case Step.MONTH:
                    day = add_months(start, n)
        except (OverflowError, ValueError):  # a step past 9999-12-31: the end closes it
            day = end
        if day >= end:
            yield end
            return
        yield day
        n += 1


def report_history(
    report: Report, facts: ReportFacts, period: Period, *, version: int
) -> HistoryRead:
    """The pure rules judge the report's record at every day of the period."""
    points = []
    for day in period.days():
        known = period.known_for(day)
        # All of it (None) means everything the facts hold: they are the record of a version.
        verdict = report_status(facts, end_of(day), known or EVERYTHING)
        points.append(
            HistoryPoint(
                date=day,
                as_of=end_of(day),
                recommendation_counts=verdict.recommendation_counts,
                acceptance_counts=verdict.acceptance_counts,
                indicator_counts=verdict.indicator_counts,
                overdue=verdict.overdue,
                acceptance_rate=verdict.acceptance_rate,
                implementation_rate=verdict.implementation_rate,
                progress=verdict.progress,
                recommendations=[
                    RecommendationPoint(
                        id=r.id,
                        code=r.code,
                        status=r.status,
                        progress=r.progress,
                        overdue=r.overdue,
                    )
                    for r in verdict.recommendations
                ],
            )
        )
    return HistoryRead(
        report=ref_of(report),
        start=period.start,
        end=period.end,
        step=period.step,
        known_at="same" if period.as_recorded else period.known_at,
        data_version=version,
        points=points,
    )
