"""Each report's whole record, held in memory per data version, so that a status for any past
moment (`?as_of=`) is the rules' work alone, with no query.

Why this is exact: facts carry their own timestamps and the rules decide what counted at a
moment from those (the SQL filter in load_report_facts is only a saving), so the facts of the
whole record judged at a past moment give the same verdicts as the facts read up to it. A key
names the data version, which every write moves, so an entry is never stale; old ones age out.
"""

import threading
from collections import OrderedDict

from sqlmodel import Session

from app.compliance.record import ReportFacts
from app.models import Report
from app.moments import EVERYTHING
from app.status_reads.record_queries import load_report_facts

# Evidence items held across all entries (~0.5 KB each in memory): past it, the least
# recently used reports go, and a report bigger than the budget alone is never kept.
ITEM_BUDGET = 500_000


def _items(facts: ReportFacts) -> int:
    return sum(len(i.evidence) for r in facts.recommendations for i in r.indicators) + 1


class HeldRecords:
    def __init__(self, budget: int = ITEM_BUDGET) -> None:
        self.budget = budget
        self._entries: OrderedDict[tuple[int, int], tuple[ReportFacts, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()
        self._loading: dict[tuple[int, int], threading.Lock] = {}

    def facts(self, session: Session, report: Report, version: int) -> ReportFacts:
        """The report's whole record at `version`, which must be the version read in the same
        snapshot as `session` (so the facts are exactly that version's). Read once however
        many ask for it at the same time (after a write, its report's status, history and
        dashboard all do)."""
        assert report.id is not None
        key = (report.id, version)
        found = self._get(key)
        if found is not None:
            return found
        with self._lock:
            loading = self._loading.setdefault(key, threading.Lock())
        try:
            with loading:
                found = self._get(key)
                if found is not None:
                    return found
                facts = load_report_facts(session, report, EVERYTHING)
                self._keep(key, facts)
                return facts
        finally:
            with self._lock:
                self._loading.pop(key, None)

    def _get(self, key: tuple[int, int]) -> ReportFacts | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def _keep(self, key: tuple[int, int], facts: ReportFacts) -> None:
        size = _items(facts)
        if size > self.budget:
            return
        with self._lock:
            if key in self._entries:
                return
            # Older versions of the same report will not be asked for again.
            for stale in [k for k in self._entries if k[0] == key[0]]:
                self._held -= self._entries.pop(stale)[1]
            self._entries[key] = (facts, size)
            self._held += size
            while self._held > self.budget:
                self._held -= self._entries.popitem(last=False)[1][1]
