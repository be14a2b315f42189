"""Importing an evidence sheet: one streaming pass, batched writes, all or nothing."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.db import bulk_cache
from app.errors import Conflict
from app.evidence_sheets.columns import CellValue, Header, RowError, read_header
from app.evidence_sheets.matching import Decision, RowEffect, decide, look_up
from app.evidence_sheets.outcome import ImportOutcome, ImportRejected, SheetUpload, file_digest
from app.evidence_sheets.readers import UnreadableFile, open_sheet
from app.evidence_sheets.rows import EvidenceDraft, ParsedRow, parse_row
from app.evidence_sheets.writing import ImportWriter
from app.models import EvidenceImport, Report
from app.services.evidence import targets_of
from app.writes.unit_of_work import UnitOfWork

BATCH = 1000


class _Run:
    """The state of one import while the file streams through."""

    def __init__(
        self,
        session: Session,
        report: Report,
        outcome: ImportOutcome,
        upload: SheetUpload,
        *,
        actor: str,
        now: datetime,
        unit: UnitOfWork | None,
    ) -> None:
        assert report.id is not None
        self.may_assess = upload.may_assess
        self.session = session
        self.unit = unit  # None for a dry run: nothing is written
        self.report = report
        self.report_id = report.id
        self.outcome = outcome
        self.actor = actor
        self.limits = upload.limits
        self.now = now
        self.errors: list[RowError] = []
        self.error_total = 0
        self.seen: dict[str, int] = {}  # external id -> first row naming it
        self.record: EvidenceImport | None = None
        self.writer: ImportWriter | None = None
        self.targets = targets_of(session, report)
        self.codes = {code.lower(): code for code in self.targets}

    def error(self, error: RowError) -> None:
        self.error_total += 1
        if len(self.errors) < self.limits.max_errors:
            self.errors.append(error)

    def first_time(self, row: int, external_id: str, *, derived: bool) -> RowError | None:
        """None if this is the first row to name the item; the error of a repeat."""
        first = self.seen.setdefault(external_id, row)
        if first == row:
            return None
        what = "content" if derived else "external_id"
        return RowError(
            row=row,
            column=None if derived else "external_id",
            value=None if derived else external_id,
            message=f"this row repeats the {what} of row {first}",
        )

    def process(self, batch: "_Batch") -> None:
        for error in batch.errors:
            self.error(error)
        if not batch.drafts:
            return
        known = look_up(self.session, self.report_id, batch.drafts)
        decisions: list[Decision] = []
        for draft in batch.drafts:
            decision = decide(draft, self.targets[draft.code], known)
            if isinstance(decision, RowError):
                self.error(decision)
            else:
                decisions.append(decision)
                self.outcome.counts[decision.step] += 1
        if self.unit is not None and not self.error_total:
            self.write(decisions)

    def write(self, decisions: list[Decision]) -> None:
        if self.record is None:
            self.record = EvidenceImport(
                report_id=self.report_id,
                file_name=self.outcome.file_name,
                file_format=self.outcome.file_format,
                sha256=self.outcome.sha256,
                size_bytes=self.outcome.size_bytes,
                imported_at=self.now,
                imported_by=self.actor,
            )
            self.session.add(self.record)
            self.session.flush()
            self.writer = ImportWriter(
                self.session, self.record, report_id=self.report_id, now=self.now, actor=self.actor
            )
        assert self.writer is not None
        self.writer.write(decisions)

    def finish(self) -> None:
        counts = self.outcome.counts
        if self.record is None:  # nothing new in the file: still keep a record of the import
            self.write([])
        assert self.record is not None
        assert self.record.id is not None
        self.record.rows = self.outcome.rows
        self.record.created = counts[RowEffect.CREATE]
        self.record.superseded = counts[RowEffect.SUPERSEDE]
        self.record.assessed = counts[RowEffect.ASSESS]
        self.record.unchanged = counts[RowEffect.UNCHANGED]
        self.session.add(self.record)
        self.session.flush()
        assert self.unit is not None
        self.unit.record(
            kind="evidence_imported",
            entity="evidence_import",
            entity_id=self.record.id,
            report_id=self.report_id,
            data={
                "before": None,
                "after": {
                    "file_name": self.outcome.file_name,
                    "sha256": self.outcome.sha256,
                    **{str(k): v for k, v in counts.items()},
                },
            },
        )
        self.outcome.import_id = self.record.id


@dataclass(slots=True)
class _Batch:
    """Rows read and checked: the valid, first-seen drafts and the errors met on the way,
    kept together so that errors are listed in row order."""

    drafts: list[EvidenceDraft] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _batches(
    run: _Run,
    rows: Iterable[tuple[int, list[CellValue]]],
    header: Header,
    progress: Callable[[int], None] | None,
) -> Iterator[_Batch]:
    """The data rows, checked, in batches of BATCH rows."""
    today = run.now.date()
    batch = _Batch()
    for number, cells in rows:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        run.outcome.rows += 1
        parsed = parse_row(
            number,
            cells,
            header,
            report_code=run.report.code,
            codes=run.codes,
            today=today,
        )
        _take(run, batch, number, parsed)
        if run.outcome.rows % BATCH == 0:
            yield batch
            batch = _Batch()
            if progress is not None:
                progress(run.outcome.rows)
    if batch.drafts or batch.errors:
        yield batch


def _take(run: _Run, batch: _Batch, number: int, parsed: ParsedRow) -> None:
    """Add a parsed row to its batch: its draft if the uploader may record it and no earlier
    row named the same item, else its errors."""
    batch.errors += parsed.errors
    draft = parsed.draft
    if draft is not None and draft.verdict is not None and not run.may_assess:
        batch.errors.append(
            RowError(
                row=number,
                column="verdict",
                value=str(draft.verdict),
                message=f"{run.actor} may import evidence but not verdicts "
                "(the evaluator role); leave the verdict column empty",
            )
        )
        draft = None
    if draft is not None:
        repeat = run.first_time(number, draft.identity, derived=draft.derived_id)
        if repeat is None:
            batch.drafts.append(draft)
        else:
            batch.errors.append(repeat)
    elif parsed.given_id is not None:
        repeat = run.first_time(number, parsed.given_id, derived=False)
        if repeat is not None:
            batch.errors.append(repeat)


def _read_sheet(run: _Run, upload: SheetUpload) -> None:
    """Read, check and match every row (writing each batch, unless a dry run); raise
    ImportRejected with every error found once the whole file has been read."""
    outcome = run.outcome
    try:
        with (
            bulk_cache(run.session),
            open_sheet(upload.stream, upload.file_name, limits=run.limits.read) as sheet,
        ):
            outcome.file_format = sheet.format
            first = next(sheet.rows, None)
            if first is None:
                raise UnreadableFile(RowError(row=1, message="the file is empty"))
            header = read_header(first[1])
            if isinstance(header, list):
                raise ImportRejected(header, len(header), upload.file_name)
            outcome.warnings = list(header.warnings)
            sheet.keep_columns(header.width)
            for batch in _batches(run, sheet.rows, header, upload.progress):
                run.process(batch)
    except UnreadableFile as exc:
        run.error(exc.error)
    if outcome.rows == 0 and not run.error_total:
        run.error(RowError(row=2, message="the file has a header but no data rows"))
    if run.error_total:
        raise ImportRejected(run.errors, run.error_total, upload.file_name)


def _outcome(upload: SheetUpload, *, dry_run: bool) -> ImportOutcome:
    sha256, size = file_digest(upload.stream)
    return ImportOutcome(
        dry_run=dry_run, file_name=upload.file_name, file_format="", sha256=sha256, size_bytes=size
    )


def check_evidence_sheet(
    session: Session, report: Report, upload: SheetUpload, *, actor: str, now: datetime
) -> ImportOutcome:
    """A dry run: check every row and say what an import would do, writing nothing (in a
    read transaction, so it never holds the write lock while it works)."""
    outcome = _outcome(upload, dry_run=True)
    run = _Run(session, report, outcome, upload, actor=actor, now=now, unit=None)
    try:
        _read_sheet(run, upload)
    finally:
        session.rollback()
    return outcome


def import_evidence_sheet(unit: UnitOfWork, report: Report, upload: SheetUpload) -> ImportOutcome:
    """Validate every row and record the evidence, all or nothing, in the unit of work.

    Rows stream through in batches: each batch is matched against the record and written at
    once, so memory stays flat however long the file. Once an error is seen, writing stops but
    reading goes on, to report every error of the file; the unit of work is then rolled back.
    """
    outcome = _outcome(upload, dry_run=False)
    run = _Run(unit.session, report, outcome, upload, actor=unit.actor, now=unit.now, unit=unit)
    try:
        _read_sheet(run, upload)
        run.finish()
    except IntegrityError as exc:  # a concurrent write recorded the same items first
        raise Conflict("a concurrent write changed this evidence; run the import again") from exc
    return outcome
