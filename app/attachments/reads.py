"""Attachments as read back: an item's files, and a content to download."""

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.attachments.contents import find_content
from app.errors import NotFound
from app.models import AttachmentContent, Evidence, EvidenceAttachment
from app.schemas.attachment import AttachmentRead


def attachments_of(
    session: Session, evidence_ids: Iterable[int]
) -> dict[int, list[AttachmentRead]]:
    """Each item's attachments, in the order they were added (one query)."""
    found: dict[int, list[AttachmentRead]] = defaultdict(list)
    ids = list(evidence_ids)
    if not ids:
        return found
    rows = session.exec(
        select(EvidenceAttachment, AttachmentContent)
        .join(AttachmentContent, col(AttachmentContent.sha256) == col(EvidenceAttachment.sha256))
        .where(col(EvidenceAttachment.evidence_id).in_(ids))
        .order_by(col(EvidenceAttachment.id))
    ).all()
    for link, content in rows:
        found[link.evidence_id].append(
            AttachmentRead.of(
                name=link.file_name,
                size=content.size,
                media_type=content.media_type,
                sha256=content.sha256,
                at=link.added_at,
                by=link.added_by,
            )
        )
    return found


def list_attachments(session: Session, evidence: Evidence) -> list[AttachmentRead]:
    assert evidence.id is not None
    return attachments_of(session, [evidence.id])[evidence.id]


def download_of(session: Session, sha256: str) -> tuple[AttachmentContent, str]:
    """A stored content and the name to offer it under (the first it was attached as)."""
    content = find_content(session, sha256)
    name = session.exec(
        select(EvidenceAttachment.file_name)
        .where(EvidenceAttachment.sha256 == sha256)
        .order_by(col(EvidenceAttachment.id))
        .limit(1)
    ).first()
    if content is None or name is None:
        raise NotFound(f"no attachment with SHA-256 {sha256}")
    return content, name
