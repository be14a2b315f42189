"""Stand-ins for what the tests must control: time."""

import threading
from datetime import UTC, datetime, timedelta


class FakeClock:
    """Time that moves when a test says so. Each reading of the wall clock moves it on by a
    microsecond, so that writes stay in the order they were made, as on a real clock; the
    monotonic clock (how stale what a process knows may be) moves only with `advance`."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)
        self._monotonic = 1_000.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            self._now += timedelta(microseconds=1)
            return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=seconds)
            self._monotonic += seconds
