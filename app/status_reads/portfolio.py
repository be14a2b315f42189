"""The portfolio's lines: each report's summary, kept per (report, version, moment), so that a
portfolio is recomputed only for the reports that changed."""

import threading

from app.schemas.portfolio import ReportSummary

# (report id, data version, moment label)
Slot = tuple[int, int, str]


class Summaries:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: dict[Slot, ReportSummary] = {}
        self._lock = threading.Lock()

    def get(self, slot: Slot) -> ReportSummary | None:
        return self._entries.get(slot)

    def put(self, slot: Slot, summary: ReportSummary) -> ReportSummary:
        with self._lock:
            if len(self._entries) > self.capacity:
                self._entries.clear()
            self._entries[slot] = summary
        return summary
