"""What the implementation table says: one row per recommendation, in the language asked,
from the same status read the API serves (so the two always agree)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from app.compliance.record import When
from app.compliance.responses import response_in_force
from app.models import ProgressReport, Recommendation, Report, Response
from app.schemas.report import issue_date_as_written
from app.schemas.status import RecommendationStatusRead, ReportStatusRead
from app.wording.explanations import explain
from app.wording.table_labels import LANGUAGE_NAMES, TABLE_LABELS, label
from app.wording.terms import term
from app.wording.texts import Shown, TextChooser


@dataclass(frozen=True)
class TableRow:
    number: int
    code: str
    text: Shown
    acceptance: str
    acceptance_code: str
    status: str
    status_code: str
    official: bool
    basis: str
    why: str
    comment: Shown | None
    comment_source: str
    original_target: date | None
    current_target: date | None
    overdue: bool


@dataclass(frozen=True)
class ImplementationTable:
    lang: str
    direction: str
    labels: dict[str, str]
    report_code: str
    report_title: Shown
    symbol: str
    oversight_body: str
    entity: str
    issued_on: str | None
    as_of: str
    known_at: str
    acceptance_rate: str
    implementation_rate: str
    overdue: int
    rows: tuple[TableRow, ...]
    footnotes: tuple[str, ...]
    fallback_note: str


def _rate(rate: float | None, language: str) -> str:
    return label("none", language) if rate is None else f"{rate:.0%}"


def _moment(value: datetime | None, fallback: str) -> str:
    return value.isoformat(timespec="seconds") if value else fallback


def _comments(
    session: Session,
    status: ReportStatusRead,
    recommendations: Sequence[Recommendation],
    now: datetime,
) -> tuple[dict[int, ProgressReport], dict[int, Response]]:
    """The progress report the status names for each recommendation, and the response in
    force at the same moment (by the rule the status itself applies)."""
    reported_ids = [r.reported.id for r in status.recommendations if r.reported]
    reports = {
        p.recommendation_id: p
        for p in session.exec(
            select(ProgressReport).where(col(ProgressReport.id).in_(reported_ids))
        ).all()
    } if reported_ids else {}  # fmt: skip
    when = When.of(status.as_of or now, status.known_at)
    ids = [r.id for r in recommendations]
    versions: dict[int, list[Response]] = {}
    for response in session.exec(
        select(Response).where(col(Response.recommendation_id).in_(ids))
    ).all():
        versions.setdefault(response.recommendation_id, []).append(response)
    responses = {
        rec_id: found
        for rec_id, listed in versions.items()
        if (found := response_in_force(listed, when)) is not None
    }
    return reports, responses


def _row(
    rec: Recommendation,
    verdict: RecommendationStatusRead,
    texts: TextChooser,
    progress: ProgressReport | None,
    response: Response | None,
) -> TableRow:
    language = texts.language
    comment: Shown | None = None
    source = ""
    if progress is not None:
        comment = Shown(text=progress.narrative, language=None)
        source = label("from_progress_report", language).format(on=progress.reported_on)
    elif response is not None:
        comment = texts.show(response.text)
        source = label("from_response", language)
    return TableRow(
        number=rec.number,
        code=rec.code,
        text=texts.show(rec.text),
        acceptance=term(verdict.acceptance, language),
        acceptance_code=verdict.acceptance,
        status=term(verdict.status, language),
        status_code=verdict.status,
        official=verdict.status_basis == "official",
        basis=term(verdict.status_basis, language),
        why=explain(verdict.explanation.rule, verdict.explanation.params, language),
        comment=comment,
        comment_source=source,
        original_target=verdict.original_target_date,
        current_target=verdict.current_target_date,
        overdue=verdict.overdue,
    )


def implementation_table(
    session: Session,
    report: Report,
    status: ReportStatusRead,
    language: str,
    now: datetime,
) -> ImplementationTable:
    """The table of a report in a language, from its status read (as of its `as_of`, as
    known at its `known_at`)."""
    recommendations = {
        r.id: r
        for r in session.exec(
            select(Recommendation).where(Recommendation.report_id == report.id)
        ).all()
    }
    texts = TextChooser(language, report.unofficial_languages)
    reports, responses = _comments(session, status, list(recommendations.values()), now)
    rows = tuple(
        _row(recommendations[v.id], v, texts, reports.get(v.id), responses.get(v.id))
        for v in sorted(status.recommendations, key=lambda v: recommendations[v.id].number)
    )
    title = texts.show(report.title)
    names = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"])
    fallback_note = label("fallback", language).format(language=names.get(language, language))
    footnotes = []
    if texts.used_unofficial:
        listed = ", ".join(names[lang] for lang in sorted(texts.used_unofficial))
        footnotes.append(
            "* "
            + label("unofficial", language).format(languages=listed, body=report.oversight_body)
        )
    if texts.fell_back:
        footnotes.append(fallback_note)
    return ImplementationTable(
        lang=language,
        direction="rtl" if language == "ar" else "ltr",
        labels={key: label(key, language) for key in TABLE_LABELS},
        report_code=report.code,
        report_title=title,
        symbol=report.symbol,
        oversight_body=report.oversight_body,
        entity=report.entity,
        issued_on=issue_date_as_written(report.issued_on, report.issued_on_precision),
        as_of=_moment(status.as_of, f"{label('now', language)} ({status.evaluated_on})"),
        known_at=_moment(status.known_at, label("all_recorded", language)),
        acceptance_rate=_rate(status.acceptance_rate, language),
        implementation_rate=_rate(status.implementation_rate, language),
        overdue=status.overdue,
        rows=rows,
        footnotes=tuple(footnotes),
        fallback_note=fallback_note,
    )
