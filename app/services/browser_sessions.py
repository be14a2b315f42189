"""Opening, ending and checking dashboard sessions (see models.browser_session)."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.models import ApiToken, BrowserSession
from app.services.tokens import authenticate, token_hash
from app.writes.unit_of_work import UnitOfWork

# What a session id starts with, so that it is never mistaken for an API token ("fu_").
SESSION_PREFIX = "fs_"


def csrf_token_of(secret: str) -> str:
    """The token every form of a session carries: derived from the session id, which only the
    browser's HttpOnly cookie holds, so every instance can check it without storing it, and a
    page that shows it gives nothing of the id away. A page of another site can neither read it
    nor compute it."""
    return hashlib.sha256(b"followup-csrf\x00" + secret.encode()).hexdigest()


def csrf_matches(secret: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(sent.encode(), csrf_token_of(secret).encode())


def start_session(unit: UnitOfWork, token_secret: str, *, hours: float) -> str | None:
    """A new session for the holder of an active token (None: unknown or revoked); the
    session id, to be kept by the browser alone."""
    token = authenticate(unit.session, token_secret)
    if token is None:
        return None
    assert token.id is not None
    secret = SESSION_PREFIX + secrets.token_urlsafe(32)
    opened = BrowserSession(
        session_hash=token_hash(secret),
        token_id=token.id,
        started_at=unit.now,
        expires_at=unit.now + timedelta(hours=hours),
    )
    unit.session.add(opened)
    unit.session.flush()
    assert opened.id is not None
    unit.record(
        kind="session_started",
        entity="session",
        entity_id=opened.id,
        report_id=None,
        data={"before": None, "after": {"name": token.name, "expires_at": str(opened.expires_at)}},
    )
    return secret


def end_session(unit: UnitOfWork, secret: str) -> bool:
    """End the session with this id, if it is open (False: it was not)."""
    found = unit.session.exec(
        select(BrowserSession).where(
            BrowserSession.session_hash == token_hash(secret),
            col(BrowserSession.ended_at).is_(None),
        )
    ).first()
    if found is None:
        return False
    assert found.id is not None
    found.ended_at = unit.now
    unit.session.add(found)
    unit.record(
        kind="session_ended",
        entity="session",
        entity_id=found.id,
        report_id=None,
        data={"before": {"open": True}, "after": {"open": False}},
    )
    return True


def session_token(session: Session, secret: str, now: datetime) -> ApiToken | None:
    """The active token behind an open, unexpired session, if any."""
    found = session.exec(
        select(ApiToken)
        .join(BrowserSession, col(BrowserSession.token_id) == col(ApiToken.id))
        .where(
            BrowserSession.session_hash == token_hash(secret),
            col(BrowserSession.ended_at).is_(None),
            col(BrowserSession.expires_at) > now,
            col(ApiToken.revoked_at).is_(None),
        )
    ).first()
    return found
