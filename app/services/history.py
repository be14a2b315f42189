"""A report's status at each step of a period, by the same rules and data as `?as_of=`."""

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from app.compliance import report_status
from app.errors import ErrorDetail, Invalid
from app.models import Report
from app.schemas.history import HistoryPoint, HistoryRead, RecommendationPoint, Step
from app.services.facts import load_report_facts
from app.services.status import Render, ref_of
from app.services.status_cache import StatusKey
from app.services.versions import report_version

MAX_POINTS = 1000


def end_of(day: date) -> datetime:
    """What `?as_of=<day>` means: the last instant of that day, UTC."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def step_dates(start: date, end: date, step: Step) -> Iterator[date]:
    """start, start + 1 step, ... up to end; end itself closes the series."""
    n = 0
    while True:
        match step:
            case Step.DAY:
                day = start + timedelta(days=n)
            case Step.WEEK:
                day = start + timedelta(weeks=n)
            case Step.MONTH:
                day = add_months(start, n)
        if day >= end:
            yield end
            return
        yield day
        n += 1


def history_dates(start: date, end: date, step: Step) -> list[date]:
    if start > end:
        message = f"from ({start}) is after to ({end})"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="query.from")])
    days = []
    for day in step_dates(start, end, step):
        days.append(day)
        if len(days) > MAX_POINTS:
            message = f"more than {MAX_POINTS} points; use a longer step or a shorter period"
            raise Invalid(message, errors=[ErrorDetail(message=message, field="query.step")])
    return days


def history_key(session: Session, report: Report, start: date, end: date, step: Step) -> StatusKey:
    assert report.id is not None
    return StatusKey(
        kind="history",
        entity_id=report.id,
        version=report_version(session, report.id),
        moment=f"{start}..{end}/{step}",
    )


def report_history(
    session: Session, report: Report, start: date, end: date, step: Step, *, version: int
) -> HistoryRead:
    """Facts are read once, up to the last point; the pure rules then judge every point."""
    days = history_dates(start, end, step)
    facts = load_report_facts(session, report, end_of(days[-1]))
    points = []
    for day in days:
        verdict = report_status(facts, end_of(day))
        points.append(
            HistoryPoint(
                date=day,
                as_of=end_of(day),
                recommendation_counts=verdict.recommendation_counts,
                indicator_counts=verdict.indicator_counts,
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
        start=start,
        end=end,
        step=step,
        data_version=version,
        points=points,
    )


def history_view(
    session: Session, report: Report, start: date | None, end: date | None, step: Step, today: date
) -> tuple[StatusKey, Render]:
    """Defaults: up to today, over the twelve months before."""
    end = end or today
    start = start or add_months(end, -12)
    history_dates(start, end, step)  # refuse a bad range before anything else
    key = history_key(session, report, start, end, step)

    def render() -> bytes:
        history = report_history(session, report, start, end, step, version=key.version)
        return history.model_dump_json(by_alias=True).encode()

    return key, render
