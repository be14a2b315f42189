"""Rendered status bodies, kept per process and keyed by what decides them.

A key names the data version it was computed from, so a write (which moves the version)
simply makes old entries unreachable; nothing needs invalidating, and instances sharing a
database can never serve each other's stale bodies.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from app.preconditions import opaque_tag

# Bump when the status representation changes, so clients' old ETags stop matching.
REPRESENTATION = "status-v4"  # v4: portfolio lines name their body, entity and issue date


@dataclass(frozen=True, slots=True)
class StatusKey:
    """What decides a status body: which status, of which record version, for which moment."""

    kind: str  # report, recommendation, indicator, history, portfolio
    entity_id: int
    version: int
    # "current@2026-11-26" for the current status (it moves with the date), else the as_of
    # moment or the query that shaped the answer.
    moment: str

    @property
    def etag(self) -> str:
        """The same body always has the same key, so the key alone names it: a 304 needs no
        body, and every instance gives the same ETag for the same version."""
        return opaque_tag(REPRESENTATION, self.kind, self.entity_id, self.version, self.moment)


class BodyCache:
    """A small thread-safe LRU of rendered bodies."""

    def __init__(self, capacity: int = 512) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[StatusKey, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: StatusKey) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: StatusKey, body: bytes) -> None:
        with self._lock:
            self._entries[key] = body
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
