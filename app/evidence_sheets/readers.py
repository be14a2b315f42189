"""Streaming readers for CSV and XLSX: one row at a time, never the whole sheet in memory."""

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO, Literal, cast

from app.evidence_sheets.columns import CellValue, RowError, Rows
from app.evidence_sheets.workbook_parts import BadWorkbook, SharedStringLimits
from app.evidence_sheets.xlsx import Width, read_sheet

Format = Literal["csv", "xlsx"]
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted XLSX and legacy .xls
# Unpacked/packed beyond this is a zip bomb, not a spreadsheet: real sheets compress ~5-30x.
# Checked for the archive and for each member of more than a megabyte (one incompressible
# padding member must not hide a bomb beside it).
MAX_COMPRESSION_RATIO = 250
RATIO_CHECKED_FROM = 1 << 20
# A CSV line longer than this is not a row of evidence (a title, a 20,000-character
# description and the rest fit many times over); reading stops there instead of holding it.
MAX_LINE_CHARS = 1 << 20


class UnreadableFile(Exception):
    """The file as a whole cannot be read; carries the error to report (at row 1 or the row
    where reading broke down)."""

    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


def _refuse(message: str, row: int = 1) -> UnreadableFile:
    return UnreadableFile(RowError(row=row, message=message))


@dataclass
class Sheet:
    format: Format
    rows: Rows
    width: Width

    def keep_columns(self, count: int) -> None:
        """From now on, rows carry only their first `count` cells (those the header named)."""
        self.width.cells = count


@dataclass(frozen=True)
class ReadLimits:
    """What a file may unpack to and hold (settings: FOLLOWUP_IMPORT_*)."""

    max_unpacked: int
    shared_strings: SharedStringLimits


def sniff_format(stream: BinaryIO, file_name: str) -> Format:
    """Decide by content first (a renamed file must not fool us), then by name."""
    head = stream.read(8192)
    stream.seek(0)
    if not head:
        raise _refuse("the file is empty")
    if head.startswith(OLE_MAGIC):
        raise _refuse(
            "this is a password-protected XLSX or a legacy .xls file; "
            "remove the password or save it as .xlsx or .csv"
        )
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if b"\x00" in head:
        raise _refuse("this is a binary file, not a CSV or XLSX spreadsheet")
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise _refuse("this file is named .xlsx but is not an XLSX workbook (it may be corrupt)")
    return "csv"


class _LongLine(Exception):
    pass


def _lines(text: io.TextIOWrapper) -> Iterator[str]:
    while line := text.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise _LongLine
        yield line


def _csv_rows(stream: BinaryIO, width: Width) -> Rows:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    row = 0
    try:
        first = text.readline(MAX_LINE_CHARS + 1)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        text.seek(0)
        reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
        for row, record in enumerate(reader, start=1):
            yield row, cast(list[CellValue], record[: width.cells])
    except _LongLine as exc:
        message = f"a line is longer than {MAX_LINE_CHARS:,} characters; this is not a sheet"
        raise _refuse(message, row + 1) from exc
    except UnicodeDecodeError as exc:
        raise _refuse("the file is not UTF-8 text; save it as CSV UTF-8", row + 1) from exc
    except csv.Error as exc:
        raise _refuse(f"the CSV is malformed: {exc}", row + 1) from exc
    finally:
        text.detach()  # leave the caller's stream open


def _check_zip(stream: BinaryIO, max_unpacked: int) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse("the XLSX file is corrupt (not a readable zip archive)") from exc
    finally:
        stream.seek(0)
    for member in members:
        _check_member(member)
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if unpacked > max_unpacked or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise _refuse(
            f"the XLSX would unpack to {unpacked} bytes ({unpacked // packed}x its size); "
            "refused as a likely zip bomb"
        )


def _check_member(member: zipfile.ZipInfo) -> None:
    if member.flag_bits & 0x1:
        raise _refuse(f"the XLSX member {member.filename[:100]!r} is encrypted")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _refuse(
            f"the XLSX member {member.filename[:100]!r} uses a compression method "
            f"({member.compress_type}) that spreadsheets do not use"
        )
    ratio = member.file_size / max(1, member.compress_size)
    if member.file_size > RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
        raise _refuse(
            f"the XLSX member {member.filename[:100]!r} would unpack to {member.file_size} "
            f"bytes ({ratio:.0f}x its size); refused as a likely zip bomb"
        )


def _xlsx_rows(stream: BinaryIO, limits: ReadLimits, width: Width) -> Rows:
    _check_zip(stream, limits.max_unpacked)
    row = 0
    try:
        with zipfile.ZipFile(stream) as archive:
            for row, values in read_sheet(archive, width, limits.shared_strings):
                yield row, values
    except BadWorkbook as exc:
        raise _refuse(f"the XLSX file is corrupt or not a workbook: {exc}", row + 1) from exc
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise _refuse(f"the XLSX file is corrupt or not a workbook: {exc}", row + 1) from exc


@contextmanager
def open_sheet(stream: BinaryIO, file_name: str, *, limits: ReadLimits) -> Iterator[Sheet]:
    """The rows of a CSV file or of an XLSX workbook's `evidence` sheet (else its first)."""
    stream.seek(0)
    file_format = sniff_format(stream, file_name)
    width = Width()
    rows = _csv_rows(stream, width) if file_format == "csv" else _xlsx_rows(stream, limits, width)
    try:
        yield Sheet(format=file_format, rows=rows, width=width)
    finally:
        rows.close()  # release the reader while the stream is still open
