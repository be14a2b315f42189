"""Issuing, listing, revoking and checking API tokens."""

import hashlib
import secrets

from sqlmodel import Session, col, select

from app.access.decisions import Principal
from app.access.names import normal_name, skeleton
from app.access.roles import Role
from app.access.scopes import EVERYTHING, Scope
from app.errors import Conflict, ErrorDetail, Invalid, NotFound
from app.models import ApiToken, Entity, Report
from app.schemas.page import Page
from app.schemas.tokens import TokenIssued, TokenRead
from app.services.paging import paginate
from app.writes.unit_of_work import UnitOfWork

PREFIX = "fu_"


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a plain SHA-256 cannot be reversed or brute-forced.
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of_token(token: ApiToken) -> Principal:
    """Who a token names, with what it may reach."""
    scope = Scope(frozenset(token.scope_entities), frozenset(token.scope_reports))
    return Principal(name=token.name, role=token.role, scope=scope)


def _read(token: ApiToken) -> TokenRead:
    return TokenRead.model_validate(
        {**token.model_dump(), "entities": token.scope_entities, "reports": token.scope_reports}
    )


def checked_scope(session: Session, scope: Scope) -> None:
    """Every entity and report a scope names exists: a typo must not issue a token that
    reaches nothing (or, were the name later used, something unintended)."""
    errors = []
    known = set(session.exec(select(Entity.name)).all())
    for n, name in enumerate(sorted(scope.entities)):
        if name not in known:
            errors.append(ErrorDetail(message=f"no entity {name!r}", field=f"body.entities.{n}"))
    codes = set(session.exec(select(Report.code).where(col(Report.code).in_(scope.reports))).all())
    for n, code in enumerate(sorted(scope.reports)):
        if code not in codes:
            errors.append(ErrorDetail(message=f"no report {code!r}", field=f"body.reports.{n}"))
    if errors:
        raise Invalid("the scope names what does not exist", errors=errors)


def issue_token(
    unit: UnitOfWork,
    *,
    name: str,
    role: Role,
    replace: bool = False,
    scope: Scope = EVERYTHING,
) -> TokenIssued:
    """A new token, reaching `scope`; with `replace`, the name's active tokens are revoked in
    the same step."""
    session = unit.session
    checked_scope(session, scope)
    try:
        name = normal_name(name)
    except ValueError as exc:
        raise Invalid(str(exc), errors=[ErrorDetail(message=str(exc), field="body.name")]) from exc
    active = session.exec(
        select(ApiToken).where(ApiToken.name == name, col(ApiToken.revoked_at).is_(None))
    ).all()
    if active and not replace:
        raise Conflict(f"an active token named {name!r} exists; revoke it or choose another name")
    _refuse_lookalike(session, name)
    for old in active:
        _revoke(unit, old)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        role=role,
        token_hash=token_hash(secret),
        prefix=secret[:10],
        scope_entities=sorted(scope.entities),
        scope_reports=sorted(scope.reports),
        created_at=unit.now,
        created_by=unit.actor,
    )
    session.add(token)
    session.flush()
    assert token.id is not None
    unit.record(
        kind="token_created",
        entity="token",
        entity_id=token.id,
        report_id=None,
        data={
            "before": None,
            "after": {
                "name": name,
                "role": str(role),
                "prefix": token.prefix,
                "entities": token.scope_entities,
                "reports": token.scope_reports,
            },
        },
    )
    return TokenIssued(**_read(token).model_dump(), token=secret)


def _refuse_lookalike(session: Session, name: str) -> None:
    """Another active name that reads the same ("p\u2010evaluator" beside "p-evaluator") would let
    one author pass for another in the audit log."""
    shape = skeleton(name)
    for other in session.exec(
        select(ApiToken.name).where(col(ApiToken.revoked_at).is_(None)).distinct()
    ).all():
        if other != name and skeleton(other) == shape:
            raise Conflict(
                f"the name {name!r} looks like the active name {other!r}; choose another"
            )


def _revoke(unit: UnitOfWork, token: ApiToken) -> None:
    assert token.id is not None
    token.revoked_at = unit.now
    token.revoked_by = unit.actor
    unit.session.add(token)
    unit.record(
        kind="token_revoked",
        entity="token",
        entity_id=token.id,
        report_id=None,
        data={"before": {"active": True}, "after": {"active": False, "name": token.name}},
    )


def revoke_token(unit: UnitOfWork, token_id: int) -> TokenRead:
    """Revoke one token by id."""
    token = unit.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no token with id {token_id}")
    if token.revoked_at is not None:
        raise Conflict(f"token {token_id} ({token.name}) was revoked already")
    _revoke(unit, token)
    return _read(token)


def revoke_by_name(unit: UnitOfWork, name: str) -> list[TokenRead]:
    """Revoke every active token of a name."""
    active = unit.session.exec(
        select(ApiToken).where(ApiToken.name == name, col(ApiToken.revoked_at).is_(None))
    ).all()
    if not active:
        raise NotFound(f"no active token named {name!r}")
    for token in active:
        _revoke(unit, token)
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
