"""What an import is given and what it gives back: the upload and its limits, the outcome,
and the refusal that lists every error of a file."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from app.errors import ErrorDetail, Invalid
from app.evidence_sheets.columns import RowError
from app.evidence_sheets.matching import RowEffect


@dataclass(frozen=True)
class ImportLimits:
    max_unpacked_bytes: int
    max_errors: int


@dataclass(frozen=True)
class SheetUpload:
    """An evidence sheet as uploaded, and what its uploader may do."""

    stream: BinaryIO
    file_name: str
    limits: ImportLimits
    may_assess: bool = True  # verdicts in the sheet need the evaluator role
    progress: Callable[[int], None] | None = None  # told the rows read so far, every batch


@dataclass
class ImportOutcome:
    dry_run: bool
    file_name: str
    file_format: str
    sha256: str
    size_bytes: int
    import_id: int | None = None
    counts: dict[RowEffect, int] = field(default_factory=lambda: dict.fromkeys(RowEffect, 0))
    rows: int = 0
    warnings: list[RowError] = field(default_factory=list)


class ImportRejected(Invalid):
    """The file has errors: nothing was written. Lists them (up to a limit) with the total."""

    def __init__(self, errors: list[RowError], total: int, file_name: str) -> None:
        shown = "" if total <= len(errors) else f"; the first {len(errors)} are listed"
        super().__init__(
            f"{file_name}: {total} error{'s' if total != 1 else ''} found, nothing was "
            f"imported{shown}",
            errors=[to_detail(e) for e in errors],
        )
        self.total = total


def to_detail(error: RowError) -> ErrorDetail:
    return ErrorDetail(message=error.message, row=error.row, column=error.column, value=error.value)


def file_digest(stream: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size
