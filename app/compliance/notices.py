"""What followup notices about a recommendation, for those who asked to hear: its status in
force moving, a progress report falling due, a target date 30 days away, a target date passed.

Each notice has a key that makes it once-only: the date kinds are keyed by the date they are
about (a new target date, a new reporting cycle, is a new notice); a status is noticed each
time it differs from the one noticed last. The first look at a recommendation only records
where it stands (a baseline): subscribers hear of what moves after they subscribed, and the
weekly digest tells them what is open."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.compliance.calendar import add_months
from app.compliance.record import RecommendationFacts
from app.compliance.verdicts import RecommendationVerdict
from app.compliance.vocabulary import ACCEPTING, CLOSED, Flag

APPROACHING_DAYS = 30


class NoticeKind(StrEnum):
    RECOMMENDATION_STATUS_CHANGED = "recommendation_status_changed"
    PROGRESS_REPORT_DUE = "progress_report_due"
    TARGET_DATE_APPROACHING = "target_date_approaching"
    RECOMMENDATION_OVERDUE = "recommendation_overdue"


# The kinds that are about a date: noticed once per (recommendation, date).
DATED = (
    NoticeKind.PROGRESS_REPORT_DUE,
    NoticeKind.TARGET_DATE_APPROACHING,
    NoticeKind.RECOMMENDATION_OVERDUE,
)


@dataclass(frozen=True, slots=True)
class Observation:
    """Where one recommendation stands today, as far as notices go."""

    recommendation_id: int
    code: str
    status: str
    # The day the progress report in arrears fell due, if one is due.
    report_due_on: date | None
    # The target date in force, if it is 30 days away or less (and not yet passed).
    approaching: date | None
    # The target date in force, if it has passed while the recommendation is open.
    overdue: date | None

    def dated(self) -> dict[NoticeKind, date]:
        found = {
            NoticeKind.PROGRESS_REPORT_DUE: self.report_due_on,
            NoticeKind.TARGET_DATE_APPROACHING: self.approaching,
            NoticeKind.RECOMMENDATION_OVERDUE: self.overdue,
        }
        return {kind: day for kind, day in found.items() if day is not None}


@dataclass(frozen=True, slots=True)
class Noticed:
    """What was noticed of one recommendation before: its last status, and the dated keys."""

    status: str | None = None
    statuses: int = 0  # how many status notices there were (numbers the next one)
    dated: frozenset[tuple[NoticeKind, date]] = frozenset()


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    recommendation_id: int
    value: str  # the status noticed, or the date (ISO) the notice is about
    key: str  # unique in the store: the same notice is never made twice
    before: str | None  # for a status: the one noticed before it
    announced: bool  # False for a baseline (recorded, not announced)


def observe(facts: RecommendationFacts, verdict: RecommendationVerdict, today: date) -> Observation:
    """The recommendation's standing today, from its verdict at today's moment."""
    still_open = verdict.acceptance in ACCEPTING and verdict.status not in CLOSED
    target = verdict.current_target_date
    report_due = Flag.PROGRESS_REPORT_DUE in verdict.flags
    due_on = None
    if report_due and facts.issued_on is not None:
        since = verdict.reported.reported_on if verdict.reported else facts.issued_on
        due_on = add_months(since, facts.reporting_cycle_months)
    days_left = (target - today).days if target is not None else None
    return Observation(
        recommendation_id=verdict.id,
        code=verdict.code,
        status=str(verdict.status),
        report_due_on=due_on,
        approaching=target
        if still_open and days_left is not None and 0 <= days_left <= APPROACHING_DAYS
        else None,
        overdue=target if verdict.overdue else None,
    )


def new_notices(seen: Observation, before: Noticed | None) -> list[Notice]:
    """What is new in `seen` against what was noticed before (None: never looked at)."""
    rec = seen.recommendation_id
    baseline = before is None
    before = before or Noticed()
    found = []
    if before.status != seen.status:
        number = before.statuses + 1
        found.append(
            Notice(
                NoticeKind.RECOMMENDATION_STATUS_CHANGED,
                rec,
                seen.status,
                f"status:{rec}:{number}",
                before.status,
                announced=not baseline,
            )
        )
    for kind, day in seen.dated().items():
        if (kind, day) not in before.dated:
            key = f"{kind}:{rec}:{day.isoformat()}"
            found.append(Notice(kind, rec, day.isoformat(), key, None, announced=not baseline))
    return found
