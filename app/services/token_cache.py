"""Tokens checked recently, remembered for a few seconds, so that polling dashboards do not
cost a lookup per request."""

import hashlib
import threading

from app.access.decisions import Principal
from app.clock import Clock
from app.db import Database
from app.services.browser_sessions import SESSION_PREFIX, session_token
from app.services.tokens import authenticate, principal_of_token

# A revoked token stops working within this many seconds on every instance (at once on the
# instance that revoked it: its commit empties this cache).
TOKEN_CACHE_SECONDS = 5.0


class TokenCache:
    def __init__(self, clock: Clock, seconds: float = TOKEN_CACHE_SECONDS) -> None:
        self.clock = clock
        self.seconds = seconds
        self._entries: dict[str, tuple[float, Principal | None]] = {}
        self._lock = threading.Lock()

    def peek(self, secret: str) -> tuple[bool, Principal | None]:
        """(known, principal) from memory only: known is False when the database must say."""
        key = hashlib.sha256(secret.encode()).hexdigest()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > self.clock.monotonic():
            return True, hit[1]
        return False, None

    def principal(self, database: Database, secret: str) -> Principal | None:
        """Who the token names (None: unknown or revoked). Blocking on a miss: call it from a
        worker thread."""
        known, found_before = self.peek(secret)
        if known:
            return found_before
        key = hashlib.sha256(secret.encode()).hexdigest()
        now = self.clock.monotonic()
        with database.read_session() as session:
            if secret.startswith(SESSION_PREFIX):  # a dashboard session, from its cookie
                token = session_token(session, secret, self.clock.now())
            else:
                token = authenticate(session, secret)
            found = principal_of_token(token) if token else None
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[key] = (now + self.seconds, found)
        return found

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()
