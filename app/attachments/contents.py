"""Attachment contents: measured (hash, size, kind) while they stream from the upload's
spooled file, stored once per SHA-256 in chunks, and read back one chunk at a time. No step
holds more than one chunk of a file in memory, whatever the file's size."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, col

from app.attachments.kinds import HEAD_BYTES, media_type_of
from app.db import Database
from app.errors import ErrorDetail, Invalid, PayloadTooLarge
from app.models import AttachmentChunk, AttachmentContent

# One row of attachment_chunk: small enough to stream, large enough to keep rows few.
CHUNK_BYTES = 1 << 20
MAX_NAME = 255
_CHUNKS = SQLModel.metadata.tables[AttachmentChunk.__tablename__]
_CONTENTS = SQLModel.metadata.tables[AttachmentContent.__tablename__]


@dataclass(frozen=True, slots=True)
class Measured:
    """An uploaded file, read once: what it is, and where its bytes wait (a seekable file)."""

    file_name: str
    sha256: str
    size: int
    media_type: str
    stream: BinaryIO


def checked_name(file_name: str | None, field: str = "file") -> str:
    """The name a file is kept under: its last path segment, without control characters."""
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or any(ord(c) < 32 or c == "\x7f" for c in name) or len(name) > MAX_NAME:
        message = f"a file needs a name of 1 to {MAX_NAME} characters, without control characters"
        raise Invalid(message, errors=[ErrorDetail(message=message, field=field)])
    return name


def measure(file_name: str | None, stream: BinaryIO, *, max_bytes: int) -> Measured:
    """Hash and size an upload while reading it through once, and recognise its kind from its
    first bytes; refused over `max_bytes` (413) or when its kind is not accepted."""
    name = checked_name(file_name)
    stream.seek(0)
    digest = hashlib.sha256()
    head = b""
    size = 0
    while chunk := stream.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"{name!r} is larger than the {max_bytes} bytes a file may be")
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        digest.update(chunk)
    media_type = media_type_of(name, head, complete=size <= HEAD_BYTES)
    stream.seek(0)
    return Measured(name, digest.hexdigest(), size, media_type, stream)


def store(session: Session, measured: Measured, *, now: datetime, actor: str) -> bool:
    """Keep the content unless it is kept already (True: it was new). Its row is inserted
    first: on PostgreSQL a concurrent upload of the same content waits on that key and then
    finds it, so the chunks are written by one of them only."""
    row = {
        "sha256": measured.sha256,
        "size": measured.size,
        "media_type": measured.media_type,
        "chunks": -(-measured.size // CHUNK_BYTES),
        "stored_at": now,
        "stored_by": actor,
    }
    dialect = session.get_bind().dialect.name
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(_CONTENTS)
    inserted = session.execute(
        statement.values(row).on_conflict_do_nothing().returning(_CONTENTS.c.sha256)
    ).first()
    if inserted is None:
        return False
    measured.stream.seek(0)
    seq = 0
    while chunk := measured.stream.read(CHUNK_BYTES):
        session.execute(insert(_CHUNKS).values(sha256=measured.sha256, seq=seq, data=chunk))
        seq += 1
    return True


def find_content(session: Session, sha256: str) -> AttachmentContent | None:
    return session.get(AttachmentContent, sha256)


def chunks_of(database: Database, sha256: str, count: int) -> Iterator[bytes]:
    """The content's bytes in order, each chunk read in its own short read (a slow download
    holds no transaction open)."""
    for seq in range(count):
        with database.read_session() as session:
            data = session.execute(
                select(col(AttachmentChunk.data)).where(
                    col(AttachmentChunk.sha256) == sha256, col(AttachmentChunk.seq) == seq
                )
            ).scalar_one()
        yield bytes(data)
