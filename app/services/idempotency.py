"""Safe retries: the first answer to a POST sent with an Idempotency-Key is kept and given
again for the same key, so a retried request never writes twice."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import Database
from app.models import IdempotencyRecord

# A first request still unanswered after this long has died; if it wrote nothing, its key may
# be used again.
ABANDONED_AFTER = timedelta(seconds=60)
KEPT_FOR = timedelta(hours=24)


class Outcome(StrEnum):
    NEW = "new"  # go ahead; the answer will be kept
    REPLAY = "replay"  # the same request was answered: give that answer again
    MISMATCH = "mismatch"  # the key was used for another request
    BUSY = "busy"  # the first request is still being answered
    LOST = "lost"  # the first request wrote, but its answer was lost in a crash


@dataclass
class Claim:
    outcome: Outcome
    record_id: int | None = None
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _existing(session: Session, principal: str, key: str) -> IdempotencyRecord | None:
    return session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.principal == principal, IdempotencyRecord.key == key
        )
    ).first()


def claim(
    database: Database,
    *,
    principal: str,
    key: str,
    method: str,
    path: str,
    fingerprint: str,
    now: datetime,
) -> Claim:
    """Take the key for this request, or say why not. Once the request's write commits, its
    unit of work marks the record applied in the same transaction (see writes.unit_of_work)."""
    with database.write_session() as session:
        session.execute(
            delete(IdempotencyRecord).where(col(IdempotencyRecord.created_at) < now - KEPT_FOR)
        )
        found = _existing(session, principal, key)
        if found is not None:
            if found.fingerprint != fingerprint:
                session.commit()
                return Claim(Outcome.MISMATCH)
            if found.status is not None:
                session.commit()
                return Claim(
                    Outcome.REPLAY,
                    found.id,
                    found.status,
                    dict(found.headers),
                    found.body or b"",
                )
            if found.applied:
                session.commit()
                return Claim(
                    Outcome.LOST if now - found.created_at > ABANDONED_AFTER else Outcome.BUSY
                )
            if now - found.created_at <= ABANDONED_AFTER:
                session.commit()
                return Claim(Outcome.BUSY)
            session.delete(found)  # abandoned before writing anything: start again
            session.flush()
        record = IdempotencyRecord(
            principal=principal,
            key=key,
            method=method,
            path=path[:2048],
            fingerprint=fingerprint,
            created_at=now,
        )
        session.add(record)
        try:
            session.commit()
        except IntegrityError:  # the same key arrived twice at once
            session.rollback()
            return Claim(Outcome.BUSY)
        return Claim(Outcome.NEW, record.id)


def complete(
    database: Database, record_id: int, status: int, headers: dict[str, str], body: bytes
) -> None:
    with database.write_session() as session:
        session.execute(
            update(IdempotencyRecord)
            .where(col(IdempotencyRecord.id) == record_id)
            .values(status=status, headers=headers, body=body)
        )
        session.commit()


def release(database: Database, record_id: int) -> None:
    """The request failed without writing: its key may be used again."""
    with database.write_session() as session:
        session.execute(
            delete(IdempotencyRecord).where(
                col(IdempotencyRecord.id) == record_id, col(IdempotencyRecord.applied).is_(False)
            )
        )
        session.commit()
