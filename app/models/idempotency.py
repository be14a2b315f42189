"""Remembered answers to POST requests sent with an Idempotency-Key, for safe retries."""

from datetime import datetime

from sqlalchemy import JSON, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("principal", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    principal: str = Field(max_length=200)
    key: str = Field(max_length=255)
    method: str = Field(max_length=10)
    path: str = Field(max_length=2048)
    # SHA-256 of the method, path, query and body: the same key with another request is refused.
    fingerprint: str | None = Field(default=None, max_length=64)
    # None while the first request is still being answered.
    status: int | None = None
    # Set inside the write's own transaction: the request's write committed, even if its answer
    # was never stored (a crash in between). Such a key is never executed again.
    applied: bool = False
    headers: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    body: bytes | None = Field(default=None, sa_type=LargeBinary)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
