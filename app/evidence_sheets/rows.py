"""One spreadsheet row to one evidence draft, or to the errors that stop it. Pure: no
database, no clock (today is an argument)."""

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, Field, StringConstraints, TypeAdapter, ValidationError, create_model

from app.compliance.vocabulary import Verdict
from app.evidence_sheets.columns import REQUIRED, CellValue, Header, RowError
from app.models.evidence import content_hash
from app.moments import FIRST_DAY, LAST_DAY
from app.schemas.evidence import MAX_ID, ShortCode, SourceUrl
from app.schemas.text import LongText, Title

# A leading quote is how exports keep spreadsheets from running a cell as a formula
# (=, +, -, @ and the control characters some spreadsheets treat the same way).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DERIVED_PREFIX = "auto-"


def escape_cell(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet: it will show, never run. Text that
    already starts with an apostrophe gets one more, so that unescaping gives it back."""
    return "'" + text if text.startswith((*FORMULA_TRIGGERS, "'")) else text


def unescape_cell(text: str) -> str:
    """Undo escape_cell: one leading apostrophe before a trigger or an apostrophe goes."""
    if text.startswith("'") and text[1:].startswith((*FORMULA_TRIGGERS, "'")):
        return text[1:]
    return text


# Each column checked with the same limits as the HTTP API's EvidenceCreate.
FIELD_TYPES: dict[str, Any] = {
    "report": Annotated[str, StringConstraints(max_length=100)] | None,
    "indicator": Annotated[str, StringConstraints(min_length=1, max_length=30)] | None,
    "title": Title | None,
    "description": LongText | None,
    "source_url": SourceUrl | None,
    "document_symbol": ShortCode | None,
    "external_id": ShortCode | None,
    "verdict": Verdict | None,
    "comment": LongText | None,
    "evidence_id": Annotated[int, Field(ge=1, le=MAX_ID)] | None,
}
FIELDS = {name: TypeAdapter[Any](kind) for name, kind in FIELD_TYPES.items()}
# The same checks over a whole row in one call, for the rows that pass (nearly all of them);
# a row it refuses is checked again column by column, so that one bad cell never hides
# another and the good cells still count in the row-level checks.
_ROW_FIELDS: dict[str, Any] = {name: (kind, None) for name, kind in FIELD_TYPES.items()}
ROW: type[BaseModel] = create_model("ImportRow", **_ROW_FIELDS)


class EvidenceDraft(NamedTuple):
    """One valid row, as the evidence it describes. (A named tuple: as immutable as a frozen
    dataclass, and several times cheaper to make, which counts at a few hundred thousand rows
    per import.)"""

    row: int
    code: str  # of the indicator, or of the recommendation itself, as the report spells it
    title: str
    description: str
    source_url: str | None
    document_symbol: str | None
    effective_on: date
    external_id: str
    # True when the sheet gave no external_id and one was derived from the content.
    derived_id: bool
    verdict: Verdict | None
    comment: str
    content_hash: str
    # The evidence item the row is (exports carry it), when given.
    evidence_id: int | None = None

    @property
    def identity(self) -> str:
        """What names the item in the file: its evidence id, else its external id."""
        return f"evidence {self.evidence_id}" if self.evidence_id else self.external_id


def _cell_text(value: CellValue) -> str | None:
    if isinstance(value, str):  # nearly every cell: the shortest way through
        text = value.strip()
        if text[:1] == "'":
            text = unescape_cell(text)
        return text or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    text = unescape_cell(str(value).strip())
    return text or None


def _date(value: CellValue) -> date | None:
    """A real date cell, or ISO 8601 text (YYYY-MM-DD), from 1900 on; ValueError for anything
    else, so that 05/01/2024 is never guessed to be May or January."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueError("a date without a time of day is expected")
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    text = _cell_text(value)
    return None if text is None else _in_range(_iso_date(text))


def _in_range(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"a date from {FIRST_DAY} to {LAST_DAY} is expected")
    return day


@lru_cache(maxsize=4096)  # a sheet repeats a few dates many times
def _iso_date(text: str) -> date:
    if not ISO_DATE.match(text):
        raise ValueError("expected an ISO date, YYYY-MM-DD")
    return date.fromisoformat(text)


def _verdict(value: CellValue) -> str | None:
    text = _cell_text(value)
    return text.lower().replace(" ", "_") if text else None


def _shown(value: CellValue) -> str | None:
    text = _cell_text(value)
    return None if text is None else text[:200]


class ParsedRow(NamedTuple):
    draft: EvidenceDraft | None
    errors: list[RowError]
    # The external id the sheet gave, valid or not, so repeats are caught on bad rows too.
    given_id: str | None


def parse_row(
    row: int,
    cells: list[CellValue],
    header: Header,
    *,
    report_code: str,
    codes: dict[str, str],
    today: date,
) -> ParsedRow:
    """Validate one row. `codes` maps the lower-cased codes of the report's indicators and
    recommendations to the report's spelling."""
    found = _Cells(row, cells, header.positions)
    values = found.checked()
    effective_on = found.effective_on(today)
    code = found.row_rules(values, report_code, codes)
    given_id = values["external_id"]
    if found.errors or code is None:
        return ParsedRow(draft=None, errors=found.errors, given_id=given_id)
    return ParsedRow(draft=_draft(row, values, code, effective_on), errors=[], given_id=given_id)


class _Cells:
    """One row's cells, and the errors found in them so far."""

    __slots__ = ("cells", "errors", "positions", "row", "width")

    def __init__(self, row: int, cells: list[CellValue], positions: dict[str, int]) -> None:
        self.row = row
        self.cells = cells
        self.width = len(cells)
        self.positions = positions
        self.errors: list[RowError] = []

    def cell(self, name: str) -> CellValue:
        i = self.positions.get(name)
        return self.cells[i] if i is not None and i < self.width else None

    def refuse(self, column: str, message: str, value: CellValue = None) -> None:
        self.errors.append(
            RowError(row=self.row, column=column, value=_shown(value), message=message)
        )

    def checked(self) -> dict[str, Any]:
        """Each column's value, checked as the HTTP API checks it (None where refused)."""
        cells, width = self.cells, self.width
        raw = {
            name: _cell_text(cells[i]) if i < width else None
            for name, i in self.positions.items()
            if name in FIELDS
        }
        if "verdict" in raw:
            raw["verdict"] = _verdict(self.cell("verdict"))
        try:
            values: dict[str, Any] = ROW.model_validate(raw).__dict__
        except ValidationError:
            values = {}
            for name, adapter in FIELDS.items():
                try:
                    values[name] = adapter.validate_python(raw.get(name))
                except ValidationError as exc:
                    self.refuse(name, exc.errors()[0]["msg"], self.cell(name))
                    values[name] = None
        return values

    def effective_on(self, today: date) -> date:
        """The day the evidence speaks for: today when not given; never in the future."""
        try:
            effective_on = _date(self.cell("effective_on")) or today
        except ValueError as exc:
            self.refuse("effective_on", str(exc), self.cell("effective_on"))
            return today
        if effective_on > today:
            message = "effective_on is in the future; evidence speaks for the past"
            self.refuse("effective_on", message, effective_on.isoformat())
        return effective_on

    def row_rules(
        self, values: dict[str, Any], report_code: str, codes: dict[str, str]
    ) -> str | None:
        """The rules across a row's cells; the code of the row's indicator (or recommendation)
        as the report spells it."""
        for required in REQUIRED:
            if values[required] is None and not any(e.column == required for e in self.errors):
                self.refuse(required, "a value is required")
        if values["report"] is not None and values["report"] != report_code:
            message = f"this row is for report {values['report']}, not {report_code}"
            self.refuse("report", message, values["report"])
        code = None
        if values["indicator"] is not None:
            code = codes.get(values["indicator"].lower())
            if code is None:
                message = (
                    f"no indicator or recommendation {values['indicator']} in report {report_code}"
                )
                self.refuse("indicator", message, values["indicator"])
        if values["comment"] and values["verdict"] is None:
            self.refuse("comment", "a comment needs a verdict in its row")
        return code


def _draft(row: int, values: dict[str, Any], code: str, effective_on: date) -> EvidenceDraft:
    given_id = values["external_id"]
    description = values["description"] or ""
    digest = content_hash(
        code=code,
        title=values["title"],
        description=description,
        source_url=values["source_url"],
        document_symbol=values["document_symbol"],
        effective_on=effective_on,
    )
    return EvidenceDraft(
        row=row,
        code=code,
        title=values["title"],
        description=description,
        source_url=values["source_url"],
        document_symbol=values["document_symbol"],
        effective_on=effective_on,
        external_id=given_id or DERIVED_PREFIX + digest[:24],
        derived_id=given_id is None,
        verdict=values["verdict"],
        comment=values["comment"] or "",
        content_hash=digest,
        evidence_id=values["evidence_id"],
    )
