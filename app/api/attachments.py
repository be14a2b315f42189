"""Routes for files attached to evidence: attaching (never removing), listing, downloading."""

from collections.abc import Sequence
from typing import Annotated
from urllib.parse import quote

import anyio
from fastapi import APIRouter, File, Header, Path, Request, Response, UploadFile
from fastapi.responses import StreamingResponse
from starlette.datastructures import UploadFile as Upload

from app.api.auth import READER
from app.api.deps import SessionDep
from app.api.entities import EvidenceDep
from app.api.middleware.body_limits import FILES_PER_REQUEST
from app.api.paths import EVIDENCE_ATTACHMENTS
from app.api.runtime import RuntimeDep
from app.api.writers import ContributorWrite
from app.attachments.contents import Measured, chunks_of, measure
from app.attachments.reads import download_of, list_attachments
from app.errors import ErrorDetail, Invalid
from app.preconditions import none_match
from app.schemas.attachment import SHA256_PATTERN, AttachmentRead
from app.schemas.problem import problem_responses
from app.services.attachments import attach_files

router = APIRouter(tags=["attachments"], dependencies=[READER])

# A downloaded file is never shown as a page of this site: no script, no plugin, no form,
# whatever its content (a PDF or an image stays viewable in its own tab).
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def measure_all(files: Sequence[Upload], *, max_bytes: int, field: str = "file") -> list[Measured]:
    """Each upload hashed, sized and recognised, in the order sent (run off the event loop)."""
    if len(files) > FILES_PER_REQUEST:
        message = f"send at most {FILES_PER_REQUEST} files at once"
        raise Invalid(message, errors=[ErrorDetail(message=message, field=field)])
    return [measure(f.filename, f.file, max_bytes=max_bytes) for f in files]


@router.post(
    EVIDENCE_ATTACHMENTS,
    status_code=201,
    response_model=list[AttachmentRead],
    responses=problem_responses(404, 409, 413, 415, 422),
)
async def attach(
    write: ContributorWrite,
    evidence: EvidenceDep,
    runtime: RuntimeDep,
    response: Response,
    file: Annotated[
        list[UploadFile],
        File(
            description="One or more files (repeat the field), each a PDF, Office document, "
            "image, CSV or text file."
        ),
    ],
) -> list[AttachmentRead]:
    """Attach files to a current evidence item. They cannot be removed: correct the item
    (carrying forward the files that stay) or withdraw it. A content already stored is kept
    once, however many items hold it."""
    limit = runtime.settings.max_attachment_bytes
    measured = await anyio.to_thread.run_sync(lambda: measure_all(file, max_bytes=limit))
    attached = await write.run(attach_files, evidence, measured)
    response.headers["Location"] = EVIDENCE_ATTACHMENTS.format(evidence_id=evidence.id)
    return attached


@router.get(
    EVIDENCE_ATTACHMENTS,
    response_model=list[AttachmentRead],
    responses=problem_responses(404, 422),
)
def read_attachments(session: SessionDep, evidence: EvidenceDep) -> list[AttachmentRead]:
    """The item's files, in the order they were attached."""
    return list_attachments(session, evidence)


def content_disposition(name: str) -> str:
    """`attachment` with the name twice: plain ASCII for old clients, UTF-8 for the rest."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@router.get(
    "/api/v1/attachments/{sha256}",
    response_class=StreamingResponse,
    responses={
        200: {"description": "The file's bytes.", "content": {"application/octet-stream": {}}},
        304: {"description": "The client holds this content already (If-None-Match)."},
        **problem_responses(404, 422),
    },
)
def download(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    sha256: Annotated[str, Path(pattern=SHA256_PATTERN)],
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """A stored file, streamed, as a download that never runs as a page: its detected type,
    `nosniff`, a sandboxing Content-Security-Policy. Its ETag is its SHA-256."""
    content, name = download_of(session, sha256)
    session.close()  # the chunks are read in short reads of their own
    headers = {
        "ETag": f'"{content.sha256}"',
        "Cache-Control": "private, max-age=31536000, immutable",
        "Content-Disposition": content_disposition(name),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": DOWNLOAD_CSP,
    }
    if none_match(if_none_match, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    headers["Content-Length"] = str(content.size)
    chunks = chunks_of(runtime.database, content.sha256, content.chunks)
    return StreamingResponse(chunks, media_type=content.media_type, headers=headers)
