"""Files attached to evidence. Contents are stored once per distinct content, addressed by
their SHA-256, in the database itself (in chunks, so that no file is ever held whole in
memory): a backup or a second instance needs nothing beside the database. Links are only ever
added: an item's files change by correcting or withdrawing the item."""

from datetime import datetime

from sqlalchemy import BigInteger, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class AttachmentContent(SQLModel, table=True):
    """One distinct content: its hash, size and the type detected from its bytes."""

    __tablename__ = "attachment_content"

    sha256: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_type=BigInteger)
    media_type: str = Field(max_length=200)
    chunks: int
    stored_at: datetime = Field(sa_type=UTCDateTime)
    stored_by: str = Field(max_length=200)


class AttachmentChunk(SQLModel, table=True):
    """Part `seq` (from 0) of a content; read back in order, one at a time."""

    __tablename__ = "attachment_chunk"

    sha256: str = Field(foreign_key="attachment_content.sha256", primary_key=True, max_length=64)
    seq: int = Field(primary_key=True)
    data: bytes = Field(sa_type=LargeBinary)


class EvidenceAttachment(SQLModel, table=True):
    """A content attached to an evidence item under a file name, by someone, at a time."""

    __tablename__ = "evidence_attachment"
    __table_args__ = (
        UniqueConstraint("evidence_id", "sha256"),
        # Who else holds this content (the download's name, deduplication).
        Index(None, "sha256", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id")
    sha256: str = Field(foreign_key="attachment_content.sha256", max_length=64)
    file_name: str = Field(max_length=255)
    added_at: datetime = Field(sa_type=UTCDateTime)
    added_by: str = Field(max_length=200)
