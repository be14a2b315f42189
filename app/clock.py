"""Where the service's time comes from: the wall clock (UTC, timezone-aware) for what it records
and a monotonic clock for how long ago it last looked. Tests hand in a fake instead of sleeping."""

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, UTC and timezone-aware."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for intervals, never for records)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


SYSTEM_CLOCK = SystemClock()
