"""What a weekly digest tells: per report, how many changes of each kind the week saw in the
subscriber's scope; the statuses that moved; the reminders of the week."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.access.scopes import Scope
from app.compliance.notices import DATED, NoticeKind
from app.mail.outbox import Week
from app.models import Change, Report
from app.services.change_log import PRIVATE_ENTITIES
from app.services.scopes import report_ids_within

LISTED = 50  # status moves and reminders listed by name; the rest are counted


@dataclass(frozen=True, slots=True)
class Event:
    report: str
    data: dict[str, Any]
    kind: str


@dataclass
class Digest:
    week: Week
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # report -> kind -> n
    moved: list[Event] = field(default_factory=list)
    reminders: list[Event] = field(default_factory=list)
    more_moved: int = 0
    more_reminders: int = 0

    @property
    def total(self) -> int:
        return sum(sum(kinds.values()) for kinds in self.counts.values())


def _window(week: Week, scope: Scope) -> list[Any]:
    conditions = [
        col(Change.occurred_at) >= week.starts,
        col(Change.occurred_at) < week.ends,
        col(Change.entity).not_in(PRIVATE_ENTITIES),
    ]
    if not scope.everything:
        conditions.append(col(Change.report_id).in_(report_ids_within(scope)))
    return conditions


def digest_of(session: Session, scope: Scope, week: Week) -> Digest:
    digest = Digest(week)
    counted = session.exec(
        select(Report.code, Change.kind, func.count())
        .join(Report, col(Report.id) == col(Change.report_id))
        .where(*_window(week, scope))
        .group_by(Report.code, Change.kind)
        .order_by(Report.code, Change.kind)
    ).all()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for code, kind, n in counted:
        counts[code][kind] = n
    digest.counts = dict(counts)
    noticed = [str(NoticeKind.RECOMMENDATION_STATUS_CHANGED), *(str(k) for k in DATED)]
    events = session.exec(
        select(Report.code, Change.kind, Change.data)
        .join(Report, col(Report.id) == col(Change.report_id))
        .where(*_window(week, scope), col(Change.kind).in_(noticed))
        .order_by(col(Change.id))
    ).all()
    for code, kind, data in events:
        moved = kind == NoticeKind.RECOMMENDATION_STATUS_CHANGED
        listed = digest.moved if moved else digest.reminders
        if len(listed) < LISTED:
            listed.append(Event(code, dict(data), kind))
        elif moved:
            digest.more_moved += 1
        else:
            digest.more_reminders += 1
    return digest
