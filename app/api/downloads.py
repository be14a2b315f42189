"""Files built for one download: written to a temporary file, deleted once sent."""

import os
import tempfile
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def file_content(media_type: str, description: str) -> dict[str, object]:
    """A download as OpenAPI describes it: bytes (`format: binary`), so that generated clients
    keep them as a file instead of dropping an undescribed body."""
    return {
        "description": description,
        "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
    }


def temporary_path(suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix="followup-", suffix=suffix)
    os.close(handle)
    return Path(name)


def download(path: Path, media_type: str, file_name: str) -> FileResponse:
    return FileResponse(
        path,
        media_type=media_type,
        filename=file_name,
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
