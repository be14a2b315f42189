"""What an import is given and what it gives back: the upload and its limits, the outcome,
and the refusal that lists every error of a file."""

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from app.config import Settings
from app.errors import ErrorDetail, Invalid
from app.evidence_sheets.columns import RowError
from app.evidence_sheets.matching import RowEffect
from app.evidence_sheets.readers import ReadLimits
from app.evidence_sheets.workbook_parts import SharedStringLimits


@dataclass(frozen=True)
class ImportLimits:
    read: ReadLimits
    max_errors: int
    time_budget: float = 300.0  # seconds to read and check the file

    @classmethod
    def of(cls, settings: Settings) -> "ImportLimits":
        return cls(
            read=ReadLimits(
                max_unpacked=settings.import_max_unpacked_bytes,
                shared_strings=SharedStringLimits(
                    strings=settings.import_max_shared_strings,
                    chars=settings.import_max_shared_string_chars,
                ),
            ),
            max_errors=settings.import_max_errors,
            time_budget=settings.import_time_budget_seconds,
        )


# Characters a file name must not carry into the record and back out to a terminal or a page:
# C0 and C1 controls (NUL, escape sequences), DEL, and the bidirectional controls that make
# "evil\u202excl.csv" read as "evillsc.xcl".
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_FILE_NAME = 255


def file_name_of(given: str | None) -> str:
    """The name an upload is recorded under: its last path part, NFC, without control or
    bidirectional characters, at most 255 characters; "upload" when nothing is left."""
    name = unicodedata.normalize("NFC", given or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSHOWABLE.sub("", name).strip()
    return name[:MAX_FILE_NAME] or "upload"


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
