"""The columns of an evidence sheet and how a header row maps onto them."""

from collections.abc import Generator
from dataclasses import dataclass
from datetime import date, datetime

CellValue = str | int | float | bool | date | datetime | None
# A sheet's rows as they are read: (row number, cell values), in order.
Rows = Generator[tuple[int, list[CellValue]], None, None]

COLUMNS = (
    "report",
    "indicator",
    "title",
    "description",
    "source_url",
    "document_symbol",
    "effective_on",
    "external_id",
    "verdict",
    "comment",
    "evidence_id",
)
REQUIRED = ("indicator", "title")
# The order of the import template and of exported evidence sheets.
SHEET_COLUMNS = COLUMNS


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in the file, located as a person sees it (the header is row 1)."""

    row: int
    message: str
    column: str | None = None
    value: str | None = None


# What a header's warnings may echo: a few unknown columns, each name cut short. An answer
# must not grow with what a file holds (a header of a thousand 1 MB cells).
MAX_HEADER_WARNINGS = 20
MAX_ECHOED = 100


def echoed(value: object) -> str:
    """A cell's text as an answer may repeat it: at most MAX_ECHOED characters."""
    text = str(value)
    return text if len(text) <= MAX_ECHOED else text[: MAX_ECHOED - 1] + "…"


@dataclass(frozen=True, slots=True)
class Header:
    positions: dict[str, int]
    warnings: tuple[RowError, ...]

    @property
    def width(self) -> int:
        """How many cells of a row can matter: up to the last known column."""
        return max(self.positions.values()) + 1


def _name(cell: CellValue) -> str:
    return "" if cell is None else str(cell).strip().lower().replace(" ", "_").replace("-", "_")


def read_header(cells: list[CellValue]) -> Header | list[RowError]:
    """Column positions by name (case, spaces and order do not matter); unknown columns are
    reported as warnings and ignored, missing required ones and repeats are errors."""
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    warnings: list[RowError] = []
    unknown = 0
    for index, cell in enumerate(cells):
        name = _name(cell)
        if not name:
            continue
        if name not in COLUMNS:
            unknown += 1
            if unknown <= MAX_HEADER_WARNINGS:
                column = echoed(cell)
                message = f"unknown column {column} is ignored"
                warnings.append(RowError(row=1, column=column, message=message))
        elif name in positions:
            errors.append(RowError(row=1, column=name, message=f"column {name} appears twice"))
        else:
            positions[name] = index
    for required in REQUIRED:
        if required not in positions:
            errors.append(
                RowError(row=1, column=required, message=f"required column {required} is missing")
            )
    if unknown > MAX_HEADER_WARNINGS:
        more = unknown - MAX_HEADER_WARNINGS
        warnings.append(RowError(row=1, message=f"{more} more unknown columns are ignored"))
    if errors:
        return errors
    return Header(positions=positions, warnings=tuple(warnings))
