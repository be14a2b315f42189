"""The first pass of an import: the file streams through, each row is parsed and checked, and
the valid rows are staged on disk (staging.py), with no lock on the record and in bounded
memory. The second pass (service.py) matches and writes what was staged."""

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from app.evidence_sheets.columns import CellValue, Header, RowError, read_header
from app.evidence_sheets.outcome import ImportOutcome, ImportRejected, SheetUpload, file_digest
from app.evidence_sheets.readers import UnreadableFile, open_sheet
from app.evidence_sheets.rows import EvidenceDraft, ParsedRow, parse_row
from app.evidence_sheets.staging import Staging

BATCH = 1000  # rows checked for repeats and staged together (and between progress calls)
CHECK_TIME_EVERY = 1024  # file rows (blank ones included) between two looks at the clock


@dataclass
class Errors:
    """The errors found, listed up to a limit, counted all."""

    limit: int
    listed: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, error: RowError) -> None:
        self.total += 1
        if len(self.listed) < self.limit:
            self.listed.append(error)

    def together_with(self, other: "Errors") -> "Errors":
        """Both lists in row order (each is already), within the limit."""
        merged = sorted(self.listed + other.listed, key=lambda e: e.row)
        return Errors(self.limit, merged[: self.limit], self.total + other.total)


@dataclass
class StagedSheet:
    """A file read and checked: its outcome so far, its valid rows on disk, its errors."""

    upload: SheetUpload
    outcome: ImportOutcome
    staging: Staging
    errors: Errors

    def close(self) -> None:
        self.staging.close()


class _Reading:
    """The state of the first pass while the file streams through."""

    def __init__(
        self,
        staged: StagedSheet,
        *,
        report_code: str,
        codes: dict[str, str],
        actor: str,
        today: date,
    ) -> None:
        self.staged = staged
        self.report_code = report_code
        self.codes = codes
        self.actor = actor
        self.today = today

    def take(self, batch: list[tuple[int, ParsedRow]]) -> None:
        """Stage the batch's rows whose uploader may record them and that no earlier row
        named; count the errors of the others, in row order."""
        errors = self.staged.errors
        chosen = [self.choose(parsed) for _, parsed in batch]
        named = [
            (item, number)
            for (number, _), (_, item, _) in zip(batch, chosen, strict=True)
            if item is not None
        ]
        firsts = self.staged.staging.first_rows(named)
        kept: list[EvidenceDraft] = []
        for (number, parsed), (draft, item, derived) in zip(batch, chosen, strict=True):
            for error in parsed.errors:
                errors.add(error)
            if parsed.draft is not None and draft is None:
                errors.add(self.unassessable(number, parsed.draft))
            repeat = None if item is None else self.repeat(number, item, firsts, derived=derived)
            if repeat is not None:
                errors.add(repeat)
            elif draft is not None:
                kept.append(draft)
        self.staged.staging.add(kept)

    def choose(self, parsed: ParsedRow) -> tuple[EvidenceDraft | None, str | None, bool]:
        """The row's draft if its uploader may record it; the item it names (to find repeats
        on bad rows too); whether that name was derived from the content."""
        draft = parsed.draft
        if draft is not None and draft.verdict is not None and not self.staged.upload.may_assess:
            draft = None
        if draft is not None:
            return draft, draft.identity, draft.derived_id
        return None, parsed.given_id, False

    def unassessable(self, row: int, draft: EvidenceDraft) -> RowError:
        return RowError(
            row=row,
            column="verdict",
            value=str(draft.verdict),
            message=f"{self.actor} may import evidence but not verdicts "
            "(the evaluator role); leave the verdict column empty",
        )

    @staticmethod
    def repeat(row: int, item: str, firsts: dict[str, int], *, derived: bool) -> RowError | None:
        """None if this is the first row to name the item; the error of a repeat."""
        first = firsts[item]
        if first == row:
            return None
        what = "content" if derived else "external_id"
        return RowError(
            row=row,
            column=None if derived else "external_id",
            value=None if derived else item,
            message=f"this row repeats the {what} of row {first}",
        )

    def rows(self, rows: Iterable[tuple[int, list[CellValue]]], header: Header) -> None:
        outcome, upload = self.staged.outcome, self.staged.upload
        budget = upload.limits.time_budget
        deadline = time.monotonic() + budget
        batch: list[tuple[int, ParsedRow]] = []
        for number, cells in rows:
            if number % CHECK_TIME_EVERY == 0 and time.monotonic() > deadline:
                raise UnreadableFile(
                    RowError(
                        row=number,
                        message=f"reading and checking the file took longer than {budget:g} s "
                        "(FOLLOWUP_IMPORT_TIME_BUDGET_SECONDS) and stopped here: split the "
                        "file and import the parts",
                    )
                )
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            outcome.rows += 1
            parsed = parse_row(
                number,
                cells,
                header,
                report_code=self.report_code,
                codes=self.codes,
                today=self.today,
            )
            batch.append((number, parsed))
            if len(batch) == BATCH:
                self.take(batch)
                batch = []
                if upload.progress is not None:
                    upload.progress(outcome.rows)
        self.take(batch)


def stage_sheet(
    upload: SheetUpload,
    *,
    dry_run: bool,
    report_code: str,
    codes: dict[str, str],
    actor: str,
    today: date,
) -> StagedSheet:
    """Read and check every row of the file, staging the valid ones. The caller closes the
    result (its staging file). Errors are kept, not raised: the second pass adds its own."""
    sha256, size = file_digest(upload.stream)
    outcome = ImportOutcome(
        dry_run=dry_run, file_name=upload.file_name, file_format="", sha256=sha256, size_bytes=size
    )
    staged = StagedSheet(upload, outcome, Staging(), Errors(upload.limits.max_errors))
    reading = _Reading(staged, report_code=report_code, codes=codes, actor=actor, today=today)
    try:
        with open_sheet(upload.stream, upload.file_name, limits=upload.limits.read) as sheet:
            outcome.file_format = sheet.format
            first = next(sheet.rows, None)
            if first is None:
                raise UnreadableFile(RowError(row=1, message="the file is empty"))
            header = read_header(first[1])
            if isinstance(header, list):
                raise ImportRejected(header, len(header), upload.file_name)
            outcome.warnings = list(header.warnings)
            sheet.keep_columns(header.width)
            reading.rows(sheet.rows, header)
    except UnreadableFile as exc:
        staged.errors.add(exc.error)
    except BaseException:
        staged.close()
        raise
    if outcome.rows == 0 and not staged.errors.total:
        staged.errors.add(RowError(row=2, message="the file has a header but no data rows"))
    return staged
