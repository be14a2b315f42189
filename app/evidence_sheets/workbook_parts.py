"""The parts of an XLSX workbook read before its sheet: which sheet, the shared strings and
which styles are dates. Expat with DTDs refused, every part bounded by Excel's own limits."""

import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, NamedTuple
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

CHUNK = 1 << 16
# Excel's own limits: no spreadsheet a person made goes beyond them.
MAX_CELL_CHARS = 32_767
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576
# East Asian built-in date formats that openpyxl's table leaves out.
EXTRA_DATE_FORMATS = {*range(27, 37), *range(50, 59)}


class BadWorkbook(Exception):
    pass


class SharedStringLimits(NamedTuple):
    """How many shared strings a workbook may hold, and how many characters in all."""

    strings: int
    chars: int


def _no_dtd(*_: object) -> None:
    raise BadWorkbook("the workbook declares a DTD, which a spreadsheet never needs")


def refuse_dtds(parser: Any) -> Any:
    """No entity tricks (billion laughs, external entities): a DTD is refused outright."""
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    return parser


def _parser(
    start: Callable[..., None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> Any:
    """An expat parser that knows local names only."""
    parser = refuse_dtds(expat.ParserCreate(namespace_separator="}"))
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


def sheet_member(archive: zipfile.ZipFile) -> tuple[str, bool]:
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


class _SharedStrings:
    """Gathers the shared strings, refusing the workbook beyond the limits as it reads (so that
    a table of millions of strings, or one string of many megabytes, is never held)."""

    def __init__(self, limits: SharedStringLimits) -> None:
        self.limits = limits
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.depth = {"rPh": 0, "t": 0}
        self.length = 0
        self.total = 0

    def start(self, tag: str, _: dict[str, str]) -> None:
        if tag == "si":
            self.parts.clear()
            self.length = 0
            if len(self.strings) >= self.limits.strings:
                raise BadWorkbook(f"it holds more than {self.limits.strings:,} shared strings")
        elif tag in self.depth:
            self.depth[tag] += 1

    def end(self, tag: str) -> None:
        if tag == "si":
            self.strings.append("".join(self.parts))
        elif tag in self.depth:
            self.depth[tag] -= 1

    def text(self, data: str) -> None:
        if not self.depth["t"] or self.depth["rPh"]:  # phonetic guides are not the text
            return
        self.length += len(data)
        self.total += len(data)
        if self.length > MAX_CELL_CHARS:
            raise BadWorkbook(f"a cell holds more than {MAX_CELL_CHARS:,} characters")
        if self.total > self.limits.chars:
            raise BadWorkbook(f"its text is longer than {self.limits.chars:,} characters in all")
        self.parts.append(data)


def shared_strings(archive: zipfile.ZipFile, limits: SharedStringLimits) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    gathered = _SharedStrings(limits)
    _parse_member(
        archive, "xl/sharedStrings.xml", _parser(gathered.start, gathered.end, gathered.text)
    )
    return gathered.strings


def _format_id(attrs: dict[str, str]) -> int:
    raw = attrs.get("numFmtId", "0")
    if not raw.isdigit():
        raise BadWorkbook(f"a number format id is not a number ({raw[:20]!r})")
    return int(raw)


def date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats that show numbers as dates."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside = {"cellXfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt":
            custom[_format_id(attrs)] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            inside["cellXfs"] = True
        elif tag == "xf" and inside["cellXfs"]:
            formats.append(_format_id(attrs))

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
