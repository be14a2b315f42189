"""What this process can take on at once, watched and enforced: imports and exports per caller
and in all (429 beyond), and how long the worker thread pool has had requests waiting for a
thread (which `/ready` reports, so that a load balancer sends traffic elsewhere)."""

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import anyio.to_thread

from app.clock import Clock
from app.errors import TooManyRequests


class HeavyWork:
    """Slots for the heaviest requests (spreadsheet imports and exports): each parses or writes
    a whole file, in CPU and memory that no other request needs. At most `per_caller` at once
    for one caller (a token; every anonymous reader is one caller) and `per_process` at once
    in all."""

    def __init__(self, *, per_caller: int, per_process: int) -> None:
        self.per_caller = per_caller
        self.per_process = per_process
        self._running: Counter[str] = Counter()
        self._lock = threading.Lock()  # taken from the event loop and from worker threads

    @contextmanager
    def slot(self, caller: str, what: str) -> Iterator[None]:
        with self._lock:
            if self._running.total() >= self.per_process:
                raise TooManyRequests(
                    f"{self.per_process} imports, exports and searches are already running on this "
                    f"instance (FOLLOWUP_MAX_HEAVY_PER_PROCESS); try the {what} again shortly"
                )
            if self._running[caller] >= self.per_caller:
                raise TooManyRequests(
                    f"{caller} already has {self.per_caller} imports, exports or searches running "
                    f"(FOLLOWUP_MAX_HEAVY_PER_CALLER); try the {what} again once one ends"
                )
            self._running[caller] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[caller] -= 1
                if not self._running[caller]:
                    del self._running[caller]


class PoolWatch:
    """How long requests have been waiting for a worker thread without a pause, sampled on
    the event loop (where the pool's limiter lives)."""

    def __init__(self, clock: Clock, *, every: float = 0.25) -> None:
        self.clock = clock
        self.every = every
        self._waiting_since: float | None = None

    def sample(self) -> None:
        waiting = anyio.to_thread.current_default_thread_limiter().statistics().tasks_waiting
        if not waiting:
            self._waiting_since = None
        elif self._waiting_since is None:
            self._waiting_since = self.clock.monotonic()

    def saturated_for(self) -> float:
        """Seconds the pool has had requests waiting for a thread (0: it has a free one)."""
        since = self._waiting_since
        return 0.0 if since is None else self.clock.monotonic() - since

    async def watch(self) -> None:
        """Sample until cancelled."""
        while True:
            self.sample()
            await asyncio.sleep(self.every)
