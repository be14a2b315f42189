"""A report's current evidence, actions and status as rows in the import format, streamed in
keyset pages so a report of any size exports in flat memory."""

from collections.abc import Iterator
from datetime import datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import ColumnElement
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from app.evidence_sheets.columns import SHEET_COLUMNS, CellValue
from app.evidence_sheets.rows import escape_cell
from app.models import (
    Action,
    Assessment,
    AttachmentContent,
    Evidence,
    EvidenceAttachment,
    Recommendation,
    Report,
    Withdrawal,
)
from app.schemas.status import ExplanationRead, ReportStatusRead
from app.services.evidence import targets_of
from app.wording.explanations import explain

PAGE = 2000


def _safe(value: CellValue) -> CellValue:
    """Text a spreadsheet shows but never runs, and that XLSX can hold (records made before
    control characters were refused may still carry some)."""
    if not isinstance(value, str):
        return value
    return escape_cell(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _current(report: Report) -> tuple[ColumnElement[bool], ...]:
    """Conditions for the report's current evidence: neither superseded nor withdrawn."""
    superseded = select_columns(col(Evidence.supersedes_id)).where(
        col(Evidence.report_id) == report.id, col(Evidence.supersedes_id).is_not(None)
    )
    withdrawn = select_columns(col(Withdrawal.evidence_id))
    return col(Evidence.id).not_in(superseded), col(Evidence.id).not_in(withdrawn)


def evidence_rows(session: Session, report: Report) -> Iterator[list[CellValue]]:
    """Current evidence (neither superseded nor withdrawn), one row per item, in the column
    order of the import template; importing these rows again changes nothing."""
    # The `indicator` column names what an item is recorded against: an indicator, or a
    # recommendation itself.
    codes = {
        (target.recommendation_id, target.indicator_id): code
        for code, target in targets_of(session, report).items()
    }
    current = _current(report)
    after = 0
    while True:
        page = session.exec(
            select(Evidence)
            .where(
                Evidence.report_id == report.id,
                col(Evidence.id) > after,
                *current,
            )
            .order_by(col(Evidence.id))
            .limit(PAGE)
        ).all()
        if not page:
            return
        verdicts: dict[int, tuple[str, str]] = {}
        for evidence_id, verdict, comment in session.execute(
            select_columns(
                col(Assessment.evidence_id), col(Assessment.verdict), col(Assessment.comment)
            )
            .where(col(Assessment.evidence_id).in_([e.id for e in page]))
            .order_by(col(Assessment.assessed_at), col(Assessment.id))
        ).all():
            verdicts[evidence_id] = (str(verdict), comment)
        for e in page:
            assert e.id is not None
            verdict, comment = verdicts.get(e.id, (None, None))
            values: dict[str, CellValue] = {
                "report": report.code,
                "indicator": codes[e.recommendation_id, e.indicator_id],
                "title": e.title,
                "description": e.description,
                "source_url": e.source_url,
                "document_symbol": e.document_symbol,
                "effective_on": e.effective_on,
                "external_id": e.external_id,
                "verdict": verdict,
                "comment": comment,
                "evidence_id": e.id,
            }
            yield [_safe(values[name]) for name in SHEET_COLUMNS]
        after = page[-1].id or after
        session.expunge_all()  # keep the identity map from growing with the export


ATTACHMENT_COLUMNS = (
    "evidence_id",
    "external_id",
    "indicator",
    "name",
    "size",
    "media_type",
    "sha256",
    "added_at",
    "added_by",
)


def attachment_rows(session: Session, report: Report) -> Iterator[list[CellValue]]:
    """The files of the current evidence (the items of the `evidence` sheet), one row each,
    in keyset pages."""
    codes = {
        (target.recommendation_id, target.indicator_id): code
        for code, target in targets_of(session, report).items()
    }
    current = _current(report)
    after = 0
    while True:
        page = session.exec(
            select(EvidenceAttachment, AttachmentContent, Evidence)
            .join(Evidence, col(Evidence.id) == col(EvidenceAttachment.evidence_id))
            .join(
                AttachmentContent, col(AttachmentContent.sha256) == col(EvidenceAttachment.sha256)
            )
            .where(
                Evidence.report_id == report.id,
                col(EvidenceAttachment.id) > after,
                *current,
            )
            .order_by(col(EvidenceAttachment.id))
            .limit(PAGE)
        ).all()
        if not page:
            return
        for link, content, e in page:
            added: datetime = link.added_at
            values: tuple[CellValue, ...] = (
                e.id,
                e.external_id,
                codes[e.recommendation_id, e.indicator_id],
                link.file_name,
                content.size,
                content.media_type,
                content.sha256,
                added.isoformat(timespec="seconds"),
                link.added_by,
            )
            yield [_safe(v) for v in values]
        after = page[-1][0].id or after
        session.expunge_all()


ACTION_COLUMNS = (
    "recommendation",
    "action_id",
    "description",
    "responsible_unit",
    "due_on",
    "state",
    "dropped_reason",
    "completed_on",
    "updated_at",
    "updated_by",
)


def action_rows(session: Session, report: Report) -> Iterator[list[CellValue]]:
    rows = session.exec(
        select(Recommendation.code, Action)
        .join(Action, col(Action.recommendation_id) == col(Recommendation.id))
        .where(Recommendation.report_id == report.id)
        .order_by(col(Recommendation.number), col(Action.id))
    ).all()
    for code, action in rows:
        updated: datetime = action.updated_at
        yield [
            _safe(v)
            for v in (
                code,
                action.id,
                action.description,
                action.responsible_unit,
                action.due_on,
                str(action.state),
                action.dropped_reason,
                action.completed_on,
                updated.isoformat(timespec="seconds"),
                action.updated_by,
            )
        ]


STATUS_COLUMNS = (
    "level",
    "code",
    "status",
    "status_basis",
    "official",
    "official_on",
    "reported",
    "reported_on",
    "derived",
    "flags",
    "progress",
    "overdue",
    "acceptance",
    "target_date",
    "explanation",
)


def _rate(name: str, rate: float | None, part: int, whole: int) -> str:
    return f"{name} n/a" if rate is None else f"{name} {rate:.2f} ({part} of {whole})"


def status_rows(
    report: Report, status: ReportStatusRead, language: str | None = None
) -> Iterator[list[CellValue]]:
    """The report, each recommendation (with its own evidence, if any) and each indicator: the
    status in force beside the official, reported and derived ones, the flags, and the rule
    that decided, said in `language` (without one: the English summary, statuses by code)."""

    def said(explanation: ExplanationRead) -> str:
        if language is None:
            return explanation.summary
        return explain(explanation.rule, explanation.params, language)

    basis = status.rate_basis
    yield _status_row(
        level="report",
        code=report.code,
        status=_rate(
            "implementation rate", status.implementation_rate, basis.implemented, basis.committed
        ),
        progress=status.progress,
        overdue=status.overdue,
        acceptance=_rate("acceptance rate", status.acceptance_rate, basis.accepting, basis.decided),
        explanation=said(status.explanation),
    )
    for rec in status.recommendations:
        official, reported = rec.official, rec.reported
        yield _status_row(
            level="recommendation",
            code=rec.code,
            status=str(rec.status),
            status_basis=str(rec.status_basis),
            official=str(official.status) if official else None,
            official_on=official.assessed_on if official else None,
            reported=str(reported.status) if reported else None,
            reported_on=reported.reported_on if reported else None,
            derived=str(rec.derived.status),
            flags=" ".join(rec.flags),
            progress=rec.progress,
            overdue="yes" if rec.overdue else "no",
            acceptance=str(rec.acceptance),
            target_date=rec.current_target_date,
            explanation=said(rec.explanation),
        )
        if rec.own_evidence is not None:
            yield _status_row(
                level="recommendation evidence",
                code=rec.code,
                status=str(rec.own_evidence.status),
                derived=str(rec.own_evidence.status),
                explanation=said(rec.own_evidence.explanation),
            )
        for ind in rec.indicators:
            yield _status_row(
                level="indicator",
                code=ind.code,
                status=str(ind.status),
                status_basis=str(ind.status_basis),
                official=str(ind.official.status) if ind.official else None,
                official_on=ind.official.assessed_on if ind.official else None,
                derived=str(ind.derived.status),
                explanation=said(ind.explanation),
            )


def _status_row(**values: CellValue) -> list[CellValue]:
    """One row of the status sheet; the columns not given are empty."""
    return [_safe(values.get(name)) for name in STATUS_COLUMNS]
