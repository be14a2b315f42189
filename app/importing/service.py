"""Importing an evidence sheet: one streaming pass, batched writes, all or nothing."""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.clock import utcnow
from app.db import bulk_cache
from app.errors import Conflict, ErrorDetail, Invalid
from app.importing.columns import CellValue, Header, RowError, read_header
from app.importing.matching import Decision, Step, decide, look_up
from app.importing.readers import UnreadableFile, open_sheet
from app.importing.rows import EvidenceDraft, parse_row
from app.importing.writing import ImportWriter
from app.models import EvidenceImport, Indicator, Report
from app.services.changes import record_change

BATCH = 1000


@dataclass(frozen=True)
class ImportLimits:
    max_unpacked_bytes: int
    max_errors: int


@dataclass
class ImportOutcome:
    dry_run: bool
    file_name: str
    file_format: str
    sha256: str
    size_bytes: int
    import_id: int | None = None
    counts: dict[Step, int] = field(default_factory=lambda: dict.fromkeys(Step, 0))
    rows: int = 0
    warnings: list[RowError] = field(default_factory=list)


class ImportRejected(Invalid):
    """The file has errors: nothing was written. Lists them (up to a limit) with the total."""

    def __init__(self, errors: list[RowError], total: int, file_name: str) -> None:
        shown = "" if total <= len(errors) else f"; the first {len(errors)} are listed"
        super().__init__(
            f"{file_name}: {total} error{'s' if total != 1 else ''} found, nothing was "
            f"imported{shown}",
            errors=[to_detail(e) for e in errors],
        )
        self.total = total


def to_detail(error: RowError) -> ErrorDetail:
    return ErrorDetail(message=error.message, row=error.row, column=error.column, value=error.value)


def file_digest(stream: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


class _Run:
    """The state of one import while the file streams through."""

    def __init__(
        self,
        session: Session,
        report: Report,
        outcome: ImportOutcome,
        *,
        actor: str,
        limits: ImportLimits,
        may_assess: bool,
    ) -> None:
        assert report.id is not None
        self.may_assess = may_assess
        self.session = session
        self.report = report
        self.report_id = report.id
        self.outcome = outcome
        self.actor = actor
        self.limits = limits
        self.now = utcnow()
        self.errors: list[RowError] = []
        self.error_total = 0
        self.seen: dict[str, int] = {}  # external id -> first row naming it
        self.record: EvidenceImport | None = None
        self.writer: ImportWriter | None = None
        indicators = session.exec(select(Indicator).where(Indicator.report_id == report.id)).all()
        self.indicator_ids = {i.code: i.id for i in indicators if i.id is not None}
        self.codes = {i.code.lower(): i.code for i in indicators}

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
            decision = decide(draft, self.indicator_ids[draft.indicator_code], known)
            if isinstance(decision, RowError):
                self.error(decision)
            else:
                decisions.append(decision)
                self.outcome.counts[decision.step] += 1
        if not self.outcome.dry_run and not self.error_total:
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
        self.record.created = counts[Step.CREATE]
        self.record.superseded = counts[Step.SUPERSEDE]
        self.record.assessed = counts[Step.ASSESS]
        self.record.unchanged = counts[Step.UNCHANGED]
        self.session.add(self.record)
        record_change(
            self.session,
            at=self.now,
            actor=self.actor,
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
            indicator_codes=run.codes,
            today=today,
        )
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
        if run.outcome.rows % BATCH == 0:
            yield batch
            batch = _Batch()
            if progress is not None:
                progress(run.outcome.rows)
    if batch.drafts or batch.errors:
        yield batch


def import_evidence(
    session: Session,
    report: Report,
    stream: BinaryIO,
    *,
    file_name: str,
    dry_run: bool,
    actor: str,
    limits: ImportLimits,
    progress: Callable[[int], None] | None = None,
    may_assess: bool = True,
) -> ImportOutcome:
    """Validate every row and, unless a dry run, record the evidence, all in one transaction.

    Rows stream through in batches: each batch is matched against the record and written at
    once, so memory stays flat however long the file. Once an error is seen, writing stops but
    reading goes on, to report every error of the file; then everything is rolled back.
    """
    sha256, size = file_digest(stream)
    outcome = ImportOutcome(
        dry_run=dry_run, file_name=file_name, file_format="", sha256=sha256, size_bytes=size
    )
    run = _Run(session, report, outcome, actor=actor, limits=limits, may_assess=may_assess)
    try:
        with (
            bulk_cache(session),
            open_sheet(stream, file_name, max_unpacked=limits.max_unpacked_bytes) as sheet,
        ):
            outcome.file_format = sheet.format
            first = next(sheet.rows, None)
            if first is None:
                raise UnreadableFile(RowError(row=1, message="the file is empty"))
            header = read_header(first[1])
            if isinstance(header, list):
                raise ImportRejected(header, len(header), file_name)
            outcome.warnings = list(header.warnings)
            for batch in _batches(run, sheet.rows, header, progress):
                run.process(batch)
    except UnreadableFile as exc:
        run.error(exc.error)
    except ImportRejected:
        session.rollback()
        raise
    if outcome.rows == 0 and not run.error_total:
        run.error(RowError(row=2, message="the file has a header but no data rows"))
    if run.error_total:
        session.rollback()
        raise ImportRejected(run.errors, run.error_total, file_name)
    if dry_run:
        session.rollback()
        return outcome
    try:
        run.finish()
        session.commit()
    except IntegrityError as exc:  # a concurrent write recorded the same items first
        session.rollback()
        raise Conflict("a concurrent write changed this evidence; run the import again") from exc
    return outcome
