"""The record of past spreadsheet imports."""

from dataclasses import asdict

from sqlmodel import Session, col, select

from app.errors import NotFound
from app.evidence_sheets.matching import RowEffect
from app.evidence_sheets.outcome import ImportOutcome, to_detail
from app.models import EvidenceImport, Report
from app.schemas.imports import ImportRead, ImportResult
from app.schemas.page import Page
from app.schemas.problem import ProblemError
from app.services.paging import paginate


def list_imports(session: Session, report: Report, *, limit: int, offset: int) -> Page[ImportRead]:
    """A report's committed imports, newest first."""
    return paginate(
        session,
        select(EvidenceImport).where(EvidenceImport.report_id == report.id),
        limit=limit,
        offset=offset,
        order_by=(col(EvidenceImport.id).desc(),),
        read=lambda rows: [ImportRead.model_validate(r, from_attributes=True) for r in rows],
    )


def find_import(session: Session, import_id: int) -> ImportRead:
    record = session.get(EvidenceImport, import_id)
    if record is None:
        raise NotFound(f"no import with id {import_id}")
    return ImportRead.model_validate(record, from_attributes=True)


def import_result(outcome: ImportOutcome) -> ImportResult:
    return ImportResult(
        dry_run=outcome.dry_run,
        import_id=outcome.import_id,
        file_name=outcome.file_name,
        file_format=outcome.file_format,
        sha256=outcome.sha256,
        rows=outcome.rows,
        created=outcome.counts[RowEffect.CREATE],
        superseded=outcome.counts[RowEffect.SUPERSEDE],
        assessed=outcome.counts[RowEffect.ASSESS],
        unchanged=outcome.counts[RowEffect.UNCHANGED],
        errors=[],
        warnings=[ProblemError(**asdict(to_detail(w))) for w in outcome.warnings],
    )
