"""Streaming readers for CSV and XLSX: one row at a time, never the whole sheet in memory."""

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO, Literal

from app.evidence_sheets.columns import RowError, Rows
from app.evidence_sheets.xlsx import BadWorkbook, read_sheet

Format = Literal["csv", "xlsx"]
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted XLSX and legacy .xls
# Unpacked/packed beyond this is a zip bomb, not a spreadsheet: real sheets compress ~5-30x.
MAX_COMPRESSION_RATIO = 250


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


def _csv_rows(stream: BinaryIO) -> Rows:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        row = 0
        try:
            for row, record in enumerate(reader, start=1):
                yield row, list(record)
        except UnicodeDecodeError as exc:
            raise _refuse("the file is not UTF-8 text; save it as CSV UTF-8", row + 1) from exc
        except csv.Error as exc:
            raise _refuse(f"the CSV is malformed: {exc}", row + 1) from exc
    except UnicodeDecodeError as exc:
        raise _refuse("the file is not UTF-8 text; save it as CSV UTF-8") from exc
    finally:
        text.detach()  # leave the caller's stream open


def _check_zip(stream: BinaryIO, max_unpacked: int) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse("the XLSX file is corrupt (not a readable zip archive)") from exc
    finally:
        stream.seek(0)
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if unpacked > max_unpacked or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise _refuse(
            f"the XLSX would unpack to {unpacked} bytes ({unpacked // packed}x its size); "
            "refused as a likely zip bomb"
        )


def _xlsx_rows(stream: BinaryIO, max_unpacked: int) -> Rows:
    _check_zip(stream, max_unpacked)
    row = 0
    try:
        with zipfile.ZipFile(stream) as archive:
            for row, values in read_sheet(archive):
                yield row, values
    except BadWorkbook as exc:
        raise _refuse(f"the XLSX file is corrupt or not a workbook: {exc}", row + 1) from exc
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise _refuse(f"the XLSX file is corrupt or not a workbook: {exc}", row + 1) from exc


@contextmanager
def open_sheet(stream: BinaryIO, file_name: str, *, max_unpacked: int) -> Iterator[Sheet]:
    """The rows of a CSV file or of an XLSX workbook's `evidence` sheet (else its first)."""
    stream.seek(0)
    file_format = sniff_format(stream, file_name)
    rows = _csv_rows(stream) if file_format == "csv" else _xlsx_rows(stream, max_unpacked)
    try:
        yield Sheet(format=file_format, rows=rows)
    finally:
        rows.close()  # release the reader while the stream is still open
