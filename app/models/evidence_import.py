"""A committed spreadsheet import: who loaded which file, when, and what it did."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class EvidenceImport(SQLModel, table=True):
    __tablename__ = "evidence_import"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    file_name: str = Field(max_length=255)
    file_format: str = Field(max_length=10)
    sha256: str = Field(max_length=64)
    size_bytes: int
    rows: int = 0
    created: int = 0
    superseded: int = 0
    assessed: int = 0
    unchanged: int = 0
    imported_at: datetime = Field(sa_type=UTCDateTime)
    imported_by: str = Field(max_length=200)
