"""Attaching files to evidence and reading them back. Attachments are only ever added: an
item whose files are wrong is corrected (the correction may carry the right ones forward by
hash) or withdrawn."""

from collections.abc import Sequence

from sqlalchemy import insert
from sqlmodel import SQLModel

from app.attachments.contents import Measured, store
from app.attachments.reads import attachments_of
from app.errors import ErrorDetail, Invalid
from app.models import Evidence, EvidenceAttachment
from app.schemas.attachment import AttachmentRead
from app.services.evidence import ensure_current
from app.writes.unit_of_work import UnitOfWork

_LINKS = SQLModel.metadata.tables[EvidenceAttachment.__tablename__]
# How many files one request may attach.
MAX_FILES = 20


def _described(read: AttachmentRead) -> dict[str, object]:
    """An attachment as the change log says it."""
    return {
        "name": read.name,
        "size": read.size,
        "media_type": read.media_type,
        "sha256": read.sha256,
    }


def attach_files(
    unit: UnitOfWork, evidence: Evidence, files: Sequence[Measured]
) -> list[AttachmentRead]:
    """Attach measured uploads to a current item: each content stored unless it is already
    (in this item or any other), each link recorded in the change log. A content the item
    already holds is not attached twice; its existing attachment is answered."""
    assert evidence.id is not None
    ensure_current(unit.session, evidence, doing="given attachments")
    held = {a.sha256: a for a in attachments_of(unit.session, [evidence.id])[evidence.id]}
    answered: list[AttachmentRead] = []
    for measured in files:
        if measured.sha256 in held:
            answered.append(held[measured.sha256])
            continue
        store(unit.session, measured, now=unit.now, actor=unit.actor)
        _link(unit, evidence.id, measured.sha256, measured.file_name)
        read = AttachmentRead.of(
            name=measured.file_name,
            size=measured.size,
            media_type=measured.media_type,
            sha256=measured.sha256,
            at=unit.now,
            by=unit.actor,
        )
        held[read.sha256] = read
        answered.append(read)
        unit.record(
            kind="attachment_added",
            entity="evidence",
            entity_id=evidence.id,
            report_id=evidence.report_id,
            data={"before": None, "after": _described(read)},
        )
    return answered


def _link(unit: UnitOfWork, evidence_id: int, sha256: str, file_name: str) -> None:
    unit.session.execute(
        insert(_LINKS).values(
            evidence_id=evidence_id,
            sha256=sha256,
            file_name=file_name,
            added_at=unit.now,
            added_by=unit.actor,
        )
    )


def carry_forward(
    unit: UnitOfWork, prior: Evidence | None, new_id: int, hashes: Sequence[str]
) -> list[AttachmentRead]:
    """Attach to a correction the contents of the item it corrects that it names by hash,
    under their names there. Only the corrected item's files can be carried: a hash is no
    way to reach a file one has not seen."""
    if not hashes:
        return []
    if prior is None or prior.id is None:
        message = "attachments are carried forward by a correction only: send supersedes_id"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.attachments")])
    held = {a.sha256: a for a in attachments_of(unit.session, [prior.id])[prior.id]}
    carried = []
    for index, sha256 in enumerate(dict.fromkeys(hashes)):
        found = held.get(sha256)
        if found is None:
            message = f"evidence {prior.id} has no attachment {sha256}"
            raise Invalid(
                message, errors=[ErrorDetail(message=message, field=f"body.attachments.{index}")]
            )
        _link(unit, new_id, sha256, found.name)
        carried.append(
            AttachmentRead.of(
                name=found.name,
                size=found.size,
                media_type=found.media_type,
                sha256=sha256,
                at=unit.now,
                by=unit.actor,
            )
        )
    return carried


def described_all(reads: Sequence[AttachmentRead]) -> list[dict[str, object]]:
    return [_described(read) for read in reads]
