"""A streaming reader for an XLSX sheet: expat over the sheet's XML as it is unzipped, one row
at a time, with openpyxl's own rules for columns, date formats and Excel's date serials.

Why not openpyxl's read-only mode: it also streams, but measured here at ~10,000 rows/s for
parsing alone, under the 10,000 rows/s an import must reach; this pass reads ~5x faster. Why not
python-calamine: it holds the whole sheet in memory and gives formulas' cached values instead of
their text. Formulas are read as their text ("=" + formula) and never evaluated.
"""

import re
import zipfile
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from app.evidence_sheets.columns import CellValue, Rows
from app.evidence_sheets.workbook_parts import (
    CHUNK,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    BadWorkbook,
    SharedStringLimits,
    date_styles,
    refuse_dtds,
    shared_strings,
    sheet_member,
)


class Width:
    """How many cells of a row are kept: all Excel allows until the header has been read,
    then up to the last column the import knows (a cell at column ZZZ must not make every row
    18,278 cells long). The reader's consumer narrows it."""

    def __init__(self) -> None:
        self.cells = MAX_COLUMNS


_COLUMN = re.compile(r"^[A-Z]{1,3}$")
DIGITS = "0123456789"


MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_CELL, _ROW, _V, _F, _T = (
    frozenset(f"{ns}}}{tag}" for ns in MAIN) for tag in ["c", "row", "v", "f", "t"]
)


Ready = list[tuple[int, list[CellValue]]]


# What a broken or hostile workbook raises while it is read: each becomes BadWorkbook.
UNREADABLE = (
    expat.ExpatError,
    KeyError,
    ValueError,
    IndexError,
    OverflowError,
    RuntimeError,  # zipfile: an encrypted member
    NotImplementedError,  # zipfile: a compression method it does not know
    zipfile.BadZipFile,
    EOFError,
)


def read_sheet(archive: zipfile.ZipFile, width: Width, strings: SharedStringLimits) -> Rows:
    """(row number, cell values) for every row of the sheet, in order, as they unzip."""
    try:
        path, date1904 = sheet_member(archive)
        values = _CellValues(
            shared_strings(archive, strings),
            date_styles(archive),
            CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900,
        )
        ready: Ready = []
        parser = _sheet_parser(values, ready, width)
        with archive.open(path) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
                yield from ready
                ready.clear()
        parser.Parse(b"", True)
        yield from ready
    except UNREADABLE as exc:
        raise BadWorkbook(f"the workbook is corrupt ({exc})") from exc


class _CellValues(NamedTuple):
    """What turns a cell's XML into its value: the shared strings, which styles are dates,
    and the workbook's date epoch."""

    shared: list[str]
    dates: set[int]
    epoch: datetime

    def of(
        self,
        attrs: dict[str, str],
        value: str | None,
        formula: str | None,
        inline: list[str] | None,
    ) -> CellValue:
        if formula is not None:  # a formula is data here: its text, never its result
            return "=" + formula
        if inline is not None:
            return "".join(inline) or None
        if attrs.get("t") == "s":  # most text cells: one shared string
            return self.shared[int(value)] if value is not None else None
        return _value(attrs, value, self.dates, self.epoch)


# One function on purpose: closures are the cheapest state for handlers that expat calls
# millions of times per sheet (measured: see docs/benchmarks.md, XLSX import).
def _sheet_parser(values: _CellValues, ready: Ready, width: Width) -> Any:  # noqa: C901, PLR0915
    """An expat parser for the sheet's XML that appends each finished row to `ready`; cells
    past `width` are skipped, text longer than a cell may hold and rows past Excel's last are
    refused."""
    row: list[CellValue] = []
    buffer: list[str] = []
    gathered = 0
    # The cell being read and its parts, the row's number, and whether text is being gathered.
    attrs_now: dict[str, str] = {}
    value: str | None = None
    formula: str | None = None
    inline: list[str] | None = None
    number = 0
    gather = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal attrs_now, value, formula, inline, number, gather, gathered
        if name in _CELL:
            attrs_now, value, formula, inline = attrs, None, None, None
        elif name in _V or name in _F or name in _T:
            gather = True
            gathered = 0
            buffer.clear()
        elif name in _ROW:
            row.clear()
            number = int(attrs.get("r") or number + 1)
            if not 0 < number <= MAX_ROWS:
                raise BadWorkbook(f"row {number} is outside rows 1 to {MAX_ROWS:,}")

    def text(data: str) -> None:
        nonlocal gathered
        if gather:
            gathered += len(data)
            if gathered > MAX_CELL_CHARS:
                raise BadWorkbook(f"a cell holds more than {MAX_CELL_CHARS:,} characters")
            buffer.append(data)

    def end(name: str) -> None:
        nonlocal value, formula, inline, gather
        if name in _V:
            value = "".join(buffer)
            gather = False
        elif name in _CELL:
            _put(
                row,
                attrs_now.get("r", ""),
                width.cells,
                values,
                (attrs_now, value, formula, inline),
            )
        elif name in _T:
            inline = [*(inline or []), "".join(buffer)]
            gather = False
        elif name in _F:
            formula = "".join(buffer)
            gather = False
        elif name in _ROW:
            ready.append((number, row[:]))

    parser = refuse_dtds(expat.ParserCreate(namespace_separator="}"))
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    return parser


def _put(
    row: list[CellValue],
    reference: str,
    width: int,
    values: _CellValues,
    cell: tuple[dict[str, str], str | None, str | None, list[str] | None],
) -> None:
    """Set the cell a reference (B7) names in its row (a cell without one follows the last);
    a cell past `width` is skipped without being read."""
    index = _column(reference.rstrip(DIGITS))
    if index < 0:
        index = len(row)
    if index >= width:
        return
    if index >= len(row):
        row.extend([None] * (index + 1 - len(row)))
    row[index] = values.of(*cell)


@lru_cache(maxsize=1024)
def _column(letters: str) -> int:
    """The 0-based column of a cell reference's letters; -1 when there are none."""
    return column_index_from_string(letters) - 1 if _COLUMN.match(letters) else -1


def _value(attrs: dict[str, str], raw: str | None, dates: set[int], epoch: datetime) -> CellValue:
    """A cell that is neither a shared string, nor inline text, nor a formula."""
    kind = attrs.get("t", "n")
    if raw is None:
        return None
    if kind in ("str", "e"):
        return str(raw)
    if kind == "b":
        return raw in ("1", "true")
    if kind == "d":
        return datetime.fromisoformat(raw)
    number = float(raw)
    style = attrs.get("s")
    if style is not None and int(style) in dates:
        try:
            moment = from_excel(number, epoch)
        except (OverflowError, ValueError):  # no calendar day (99999999): leave the number
            moment = None
        if isinstance(moment, datetime):
            return moment
    return int(number) if number.is_integer() and "." not in raw and "E" not in raw else number
