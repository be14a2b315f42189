"""Issuing, listing, revoking and checking API tokens."""

import hashlib
import secrets

from sqlmodel import Session, col, select

from app.access.roles import Role
from app.clock import utcnow
from app.db import begin_write
from app.errors import Conflict, NotFound
from app.models import ApiToken
from app.schemas.page import Page
from app.schemas.tokens import TokenIssued, TokenRead
from app.services.changes import record_change
from app.services.paging import paginate

PREFIX = "fu_"


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a plain SHA-256 cannot be reversed or brute-forced.
    return hashlib.sha256(token.encode()).hexdigest()


def _read(token: ApiToken) -> TokenRead:
    return TokenRead.model_validate(token, from_attributes=True)


def issue_token(
    session: Session, *, name: str, role: Role, actor: str, replace: bool = False
) -> TokenIssued:
    """A new token; with `replace`, the name's active tokens are revoked in the same step."""
    begin_write(session)
    now = utcnow()
    active = session.exec(
        select(ApiToken).where(ApiToken.name == name, col(ApiToken.revoked_at).is_(None))
    ).all()
    if active and not replace:
        raise Conflict(f"an active token named {name!r} exists; revoke it or choose another name")
    for old in active:
        _revoke(session, old, actor=actor)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        role=role,
        token_hash=token_hash(secret),
        prefix=secret[:10],
        created_at=now,
        created_by=actor,
    )
    session.add(token)
    session.flush()
    assert token.id is not None
    record_change(
        session,
        at=now,
        actor=actor,
        kind="token_created",
        entity="token",
        entity_id=token.id,
        report_id=None,
        data={"before": None, "after": {"name": name, "role": str(role), "prefix": token.prefix}},
    )
    session.commit()
    return TokenIssued(**_read(token).model_dump(), token=secret)


def _revoke(session: Session, token: ApiToken, *, actor: str) -> None:
    assert token.id is not None
    now = utcnow()
    token.revoked_at = now
    token.revoked_by = actor
    session.add(token)
    record_change(
        session,
        at=now,
        actor=actor,
        kind="token_revoked",
        entity="token",
        entity_id=token.id,
        report_id=None,
        data={"before": {"active": True}, "after": {"active": False, "name": token.name}},
    )


def revoke_token(session: Session, token_id: int, *, actor: str) -> TokenRead:
    begin_write(session)
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no token with id {token_id}")
    if token.revoked_at is not None:
        raise Conflict(f"token {token_id} ({token.name}) was revoked already")
    _revoke(session, token, actor=actor)
    session.commit()
    return _read(token)


def revoke_by_name(session: Session, name: str, *, actor: str) -> list[TokenRead]:
    begin_write(session)
    active = session.exec(
        select(ApiToken).where(ApiToken.name == name, col(ApiToken.revoked_at).is_(None))
    ).all()
    if not active:
        raise NotFound(f"no active token named {name!r}")
    for token in active:
        _revoke(session, token, actor=actor)
    session.commit()
    return [_read(t) for t in active]


def list_tokens(session: Session, *, limit: int, offset: int) -> Page[TokenRead]:
    return paginate(
        session,
        select(ApiToken),
        limit=limit,
        offset=offset,
        order_by=(col(ApiToken.id),),
        read=lambda rows: [_read(t) for t in rows],
    )


def authenticate(session: Session, secret: str) -> ApiToken | None:
    """The active token with this secret, if any."""
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(secret))).first()
    if token is None or token.revoked_at is not None:
        return None
    return token
