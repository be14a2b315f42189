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


@dataclass(frozen=True, slots=True)
class Header:
    positions: dict[str, int]
    warnings: tuple[RowError, ...]


def _name(cell: CellValue) -> str:
    return "" if cell is None else str(cell).strip().lower().replace(" ", "_").replace("-", "_")


def read_header(cells: list[CellValue]) -> Header | list[RowError]:
    """Column positions by name (case, spaces and order do not matter); unknown columns are
    reported as warnings and ignored, missing required ones and repeats are errors."""
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    warnings: list[RowError] = []
    for index, cell in enumerate(cells):
        name = _name(cell)
        if not name:
            continue
        if name not in COLUMNS:
            warnings.append(
                RowError(row=1, column=str(cell), message=f"unknown column {cell!s} is ignored")
            )
        elif name in positions:
            errors.append(RowError(row=1, column=name, message=f"column {name} appears twice"))
        else:
            positions[name] = index
    for required in REQUIRED:
        if required not in positions:
            errors.append(
                RowError(row=1, column=required, message=f"required column {required} is missing")
            )
    if errors:
        return errors
    return Header(positions=positions, warnings=tuple(warnings))
