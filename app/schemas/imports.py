"""Spreadsheet imports: the outcome of one, and the record of past ones."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.schemas.problem import ProblemError


class ImportCounts(BaseModel):
    rows: int = Field(description="Data rows read (blank rows are skipped).")
    created: int = Field(description="New evidence items.")
    superseded: int = Field(description="Corrections of items whose content changed.")
    assessed: int = Field(description="New verdicts on unchanged items.")
    unchanged: int = Field(description="Rows already in the record as they are.")


class ImportResult(ImportCounts):
    dry_run: bool
    import_id: int | None = Field(description="The import's record; none for a dry run.")
    file_name: str
    file_format: str
    sha256: str
    errors: list[ProblemError] = Field(description="Always empty here: errors answer 422.")
    warnings: list[ProblemError] = Field(description="E.g. unknown columns, ignored.")


class ImportRead(ImportCounts):
    id: int
    report_id: int
    file_name: str
    file_format: str
    sha256: str
    size_bytes: int
    imported_at: datetime
    imported_by: str
