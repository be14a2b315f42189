"""Importing an evidence sheet, in two passes so that the write lock is held only to write:

1. read (reading.py, no lock, bounded memory): the file streams through, each row parsed and
   checked, the valid ones staged on disk; a file with errors is refused there;
2. match and write (here): the staged rows, in batches, matched against the record and
   written, all or nothing, in the unit of work. A dry run matches in a read transaction.

Errors of both passes are listed together, in row order."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.db import bulk_work
from app.errors import Conflict
from app.evidence_sheets.columns import RowError
from app.evidence_sheets.matching import Decided, Decision, RowEffect, decide, look_up
from app.evidence_sheets.outcome import ImportOutcome, ImportRejected, SheetUpload
from app.evidence_sheets.reading import Errors, StagedSheet, stage_sheet
from app.evidence_sheets.rows import EvidenceDraft
from app.evidence_sheets.writing import ImportWriter
from app.models import EvidenceImport, Report
from app.services.evidence import targets_of
from app.writes.unit_of_work import UnitOfWork

BATCH = 1000


class _Run:
    """The state of the second pass while the staged rows go through."""

    def __init__(
        self,
        session: Session,
        report: Report,
        staged: StagedSheet,
        *,
        actor: str,
        now: datetime,
        unit: UnitOfWork | None,
    ) -> None:
        assert report.id is not None
        self.session = session
        self.unit = unit  # None for a dry run: nothing is written
        self.report_id = report.id
        self.outcome = staged.outcome
        self.actor = actor
        self.now = now
        self.errors = Errors(staged.upload.limits.max_errors)
        # Nothing is written once the file is known to have an error.
        self.first_pass_errors = staged.errors.total
        self.record: EvidenceImport | None = None
        self.writer: ImportWriter | None = None
        self.targets = targets_of(session, report)
        self.staging = staged.staging

    def process(self, drafts: list[EvidenceDraft]) -> None:
        """Decide what each row of a batch does to the record as it was before the import,
        and keep it for writing."""
        known = look_up(self.session, self.report_id, drafts)
        decided: list[Decided] = []
        for draft in drafts:
            decision = decide(draft, self.targets[draft.code], known)
            if isinstance(decision, RowError):
                self.errors.add(decision)
            else:
                decided.append(Decided(decision.step, decision.prior))
                self.outcome.counts[decision.step] += 1
        if self.writes:
            self.staging.decide(decided)

    @property
    def writes(self) -> bool:
        """Whether this run writes what it decides: not a dry run, and no error so far."""
        return self.unit is not None and not (self.first_pass_errors or self.errors.total)

    def write_decided(self) -> None:
        """Write every decided row, batch by batch."""
        for drafts, decided in self.staging.decided():
            self.write(
                [
                    Decision(draft, self.targets[draft.code], step, prior)
                    for draft, (step, prior) in zip(drafts, decided, strict=True)
                ]
            )

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


def stage_evidence_sheet(
    session: Session,
    report: Report,
    upload: SheetUpload,
    *,
    actor: str,
    now: datetime,
    dry_run: bool,
) -> StagedSheet:
    """The first pass (no lock, bounded memory): the file read and checked, its valid rows
    staged. A file with errors is refused here, every error listed (its valid rows matched
    too, in this read transaction), before anyone waits for the write lock. The caller closes
    the result."""
    codes = {code.lower(): code for code in targets_of(session, report)}
    staged = stage_sheet(
        upload, dry_run=dry_run, report_code=report.code, codes=codes, actor=actor, today=now.date()
    )
    if staged.errors.total:
        try:
            check_staged(session, report, staged, actor=actor, now=now)
        finally:
            staged.close()
    return staged


def _match(run: _Run, staged: StagedSheet) -> None:
    """The second pass: the staged rows matched against the record (and written, unless a
    dry run); ImportRejected with the errors of both passes, in row order."""
    with bulk_work(run.session):
        # Every row is decided before any is written: each batch's look-ups then see the
        # record as it was, and run on the planner's statistics of it. Looking up between
        # writes, PostgreSQL went on reaching the report's items through an index on the
        # report alone (its statistics still saw a few thousand), this import's growing
        # share too: every batch slower than the one before.
        for drafts in staged.staging.batches():
            run.process(drafts)
        if run.writes:
            run.write_decided()
    errors = staged.errors.together_with(run.errors)
    if errors.total:
        raise ImportRejected(errors.listed, errors.total, staged.upload.file_name)


def check_staged(
    session: Session, report: Report, staged: StagedSheet, *, actor: str, now: datetime
) -> ImportOutcome:
    """A dry run's second pass: say what an import would do, writing nothing (in a read
    transaction, so it never holds the write lock)."""
    run = _Run(session, report, staged, actor=actor, now=now, unit=None)
    try:
        _match(run, staged)
    finally:
        session.rollback()
    return staged.outcome


def check_evidence_sheet(
    session: Session, report: Report, upload: SheetUpload, *, actor: str, now: datetime
) -> ImportOutcome:
    """A whole dry run: both passes, writing nothing."""
    staged = stage_evidence_sheet(session, report, upload, actor=actor, now=now, dry_run=True)
    try:
        return check_staged(session, report, staged, actor=actor, now=now)
    finally:
        staged.close()


def import_staged(unit: UnitOfWork, report: Report, staged: StagedSheet) -> ImportOutcome:
    """The second pass of an import, in the unit of work (which holds the write lock): the
    staged rows matched and recorded in batches, all or nothing. Only matching and writing
    happen here; the file was read and checked before (stage_evidence_sheet)."""
    run = _Run(unit.session, report, staged, actor=unit.actor, now=unit.now, unit=unit)
    try:
        _match(run, staged)
        run.finish()
    except IntegrityError as exc:  # a concurrent write recorded the same items first
        raise Conflict("a concurrent write changed this evidence; run the import again") from exc
    return staged.outcome
