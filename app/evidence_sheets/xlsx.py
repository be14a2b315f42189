"""A streaming reader for an XLSX sheet: expat over the sheet's XML as it is unzipped, one row
at a time, with openpyxl's own rules for columns, date formats and Excel's date serials.

Why not openpyxl's read-only mode: it also streams, but measured here at ~10,000 rows/s for
parsing alone, under the 10,000 rows/s an import must reach; this pass reads ~5x faster. Why not
python-calamine: it holds the whole sheet in memory and gives formulas' cached values instead of
their text. Formulas are read as their text ("=" + formula) and never evaluated.
"""

import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, NamedTuple
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from app.evidence_sheets.columns import CellValue, Rows

CHUNK = 1 << 16
# East Asian built-in date formats that openpyxl's table leaves out.
EXTRA_DATE_FORMATS = {*range(27, 37), *range(50, 59)}
_COLUMN = re.compile(r"^[A-Z]{1,3}$")
DIGITS = "0123456789"


class BadWorkbook(Exception):
    pass


def _no_dtd(*_: object) -> None:
    raise BadWorkbook("the workbook declares a DTD, which a spreadsheet never needs")


def _parser(
    start: Callable[..., None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> Any:
    """An expat parser that knows local names only and refuses DTDs (no entity tricks)."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    parser.StartElementHandler = lambda name, attrs: start(name.rsplit("}", 1)[-1], attrs)
    parser.EndElementHandler = lambda name: end(name.rsplit("}", 1)[-1])
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    return parser


def _parse_member(archive: zipfile.ZipFile, name: str, parser: Any) -> None:
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _attributes(
    archive: zipfile.ZipFile, name: str, tags: set[str]
) -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []
    parser = _parser(
        lambda tag, attrs: found.append((tag, attrs)) if tag in tags else None, lambda tag: None
    )
    _parse_member(archive, name, parser)
    return found


def _sheet_member(archive: zipfile.ZipFile) -> tuple[str, bool]:
    """The part holding the sheet named `evidence` (any case), else the first sheet; and
    whether the workbook counts dates from 1904."""
    workbook = _attributes(archive, "xl/workbook.xml", {"sheet", "workbookPr"})
    sheets = [a for tag, a in workbook if tag == "sheet"]
    if not sheets:
        raise BadWorkbook("the workbook has no sheets")
    date1904 = any(a.get("date1904") in ("1", "true") for tag, a in workbook if tag == "workbookPr")
    chosen = next((s for s in sheets if s.get("name", "").strip().lower() == "evidence"), sheets[0])
    relation = next((v for k, v in chosen.items() if k.endswith("}id") or k == "r:id"), None)
    links = {
        a.get("Id"): a.get("Target", "")
        for _, a in _attributes(archive, "xl/_rels/workbook.xml.rels", {"Relationship"})
    }
    target = links.get(relation or "")
    if not target:
        raise BadWorkbook("the workbook does not say where its sheet is")
    path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return path, date1904


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    parts: list[str] = []
    depth = {"rPh": 0, "t": 0}

    def start(tag: str, _: dict[str, str]) -> None:
        if tag == "si":
            parts.clear()
        elif tag in depth:
            depth[tag] += 1

    def end(tag: str) -> None:
        if tag == "si":
            strings.append("".join(parts))
        elif tag in depth:
            depth[tag] -= 1

    def text(data: str) -> None:
        if depth["t"] and not depth["rPh"]:  # phonetic guides are not part of the text
            parts.append(data)

    _parse_member(archive, "xl/sharedStrings.xml", _parser(start, end, text))
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats that show numbers as dates."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside = {"cellXfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            inside["cellXfs"] = True
        elif tag == "xf" and inside["cellXfs"]:
            formats.append(int(attrs.get("numFmtId", "0")))

    def end(tag: str) -> None:
        if tag == "cellXfs":
            inside["cellXfs"] = False

    _parse_member(archive, "xl/styles.xml", _parser(start, end))
    dates = set()
    for index, format_id in enumerate(formats):
        code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id, "")
        if format_id in EXTRA_DATE_FORMATS or (code and is_date_format(code)):
            dates.add(index)
    return dates


MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_CELL, _ROW, _V, _F, _T = (
    frozenset(f"{ns}}}{tag}" for ns in MAIN) for tag in ["c", "row", "v", "f", "t"]
)


Ready = list[tuple[int, list[CellValue]]]


def read_sheet(archive: zipfile.ZipFile) -> Rows:
    """(row number, cell values) for every row of the sheet, in order, as they unzip."""
    path, date1904 = _sheet_member(archive)
    values = _CellValues(
        _shared_strings(archive),
        _date_styles(archive),
        CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900,
    )
    ready: Ready = []
    parser = _sheet_parser(values, ready)
    try:
        with archive.open(path) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
                yield from ready
                ready.clear()
        parser.Parse(b"", True)
        yield from ready
    except (expat.ExpatError, KeyError, ValueError, IndexError) as exc:
        raise BadWorkbook(f"the sheet is corrupt ({exc})") from exc


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
def _sheet_parser(values: _CellValues, ready: Ready) -> Any:  # noqa: C901, PLR0915
    """An expat parser for the sheet's XML that appends each finished row to `ready`."""
    row: list[CellValue] = []
    buffer: list[str] = []
    # The cell being read and its parts, the row's number, and whether text is being gathered.
    attrs_now: dict[str, str] = {}
    value: str | None = None
    formula: str | None = None
    inline: list[str] | None = None
    number = 0
    gather = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal attrs_now, value, formula, inline, number, gather
        if name in _CELL:
            attrs_now, value, formula, inline = attrs, None, None, None
        elif name in _V or name in _F or name in _T:
            gather = True
            buffer.clear()
        elif name in _ROW:
            row.clear()
            number = int(attrs.get("r") or number + 1)

    def text(data: str) -> None:
        if gather:
            buffer.append(data)

    def end(name: str) -> None:
        nonlocal value, formula, inline, gather
        if name in _V:
            value = "".join(buffer)
            gather = False
        elif name in _CELL:
            _put(row, attrs_now.get("r", ""), values.of(attrs_now, value, formula, inline))
        elif name in _T:
            inline = [*(inline or []), "".join(buffer)]
            gather = False
        elif name in _F:
            formula = "".join(buffer)
            gather = False
        elif name in _ROW:
            ready.append((number, row[:]))

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    return parser


def _put(row: list[CellValue], reference: str, value: CellValue) -> None:
    """Set the cell a reference (B7) names in its row; a cell without one follows the last."""
    index = _column(reference.rstrip(DIGITS))
    if index < 0:
        index = len(row)
    if index >= len(row):
        row.extend([None] * (index + 1 - len(row)))
    row[index] = value


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
        moment = from_excel(number, epoch)
        if isinstance(moment, datetime):
            return moment
    return int(number) if number.is_integer() and "." not in raw and "E" not in raw else number
