"""What the dashboard shows, prepared from the same services the API uses."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.compliance.calendar import add_months
from app.dashboard.labels import UI, UiLanguage
from app.models import Indicator, Recommendation, Report, Response
from app.moments import Moment
from app.schemas.history import HistoryRead, Step
from app.schemas.status import RecommendationStatusRead, ReportStatusRead
from app.status_reads.history import Period
from app.status_reads.reads import StatusReads
from app.wording.explanations import explain
from app.wording.terms import term
from app.wording.texts import Shown, TextChooser


@dataclass(frozen=True)
class Chip:
    indicator_id: int
    code: str
    status: str
    label: str
    text: str
    caveated: bool  # a caveat of the response qualifies this indicator


@dataclass(frozen=True)
class CaveatView:
    """A caveat of the response, next to what it qualifies: indicators by code, or a part
    of the recommendation in words (neither: the recommendation as a whole)."""

    text: Shown
    indicators: list[str]
    part: Shown | None
    source_ref: str


@dataclass(frozen=True)
class ResponseView:
    text: Shown
    caveats: list[CaveatView]
    source_ref: str


@dataclass(frozen=True)
class Source:
    """One source of status shown beside the one in force: its status, in words, and date."""

    status: str
    label: str
    on: date | None = None


@dataclass(frozen=True)
class Card:
    id: int
    code: str
    text: Shown
    status: str
    label: str
    basis: str  # official or derived: which source the status in force comes from
    basis_label: str
    official_source: str  # the oversight body's reference, when official
    derived: Source | None  # shown when the official status is in force
    reported: Source | None  # the entity's latest progress report
    own_evidence: Source | None  # evidence of the recommendation itself
    flags: list[tuple[str, str]]  # (flag, label)
    acceptance: str
    overdue: bool
    progress: int
    target_date: date | None
    explanation: str  # in the page's language
    chips: list[Chip]
    response: ResponseView | None


@dataclass(frozen=True)
class Trend:
    """Two series in percent, drawn as polylines on a 0-100 by 0-(n-1) grid."""

    width: int
    height: int
    implementation: str  # SVG polyline points
    progress: str
    first: str
    last: str
    summary: str


@dataclass(frozen=True)
class LiveView:
    report: Report
    status: ReportStatusRead
    etag: str
    acceptance_rate: str
    implementation_rate: str
    # The counts behind each rate ("2/3"): a rate alone hides how few recommendations it covers.
    acceptance_basis: str
    implementation_basis: str
    progress: str
    counts: list[tuple[str, str, int]]
    cards: list[Card]
    trend: Trend
    # Translations shown on the page that are not the oversight body's own text.
    unofficial_shown: bool


def percent(value: float | None, language: UiLanguage) -> str:
    return UI[language]["not_applicable"] if value is None else f"{round(value * 100)}%"


def trend_of(history: HistoryRead, language: UiLanguage) -> Trend:
    width, height = 600, 160
    points = history.points
    span = max(1, len(points) - 1)

    def line(values: list[float | None]) -> str:
        coords = []
        for n, value in enumerate(values):
            x = round(n * width / span, 1)
            y = round(height - (value or 0.0) * height, 1)
            coords.append(f"{x},{y}")
        return " ".join(coords)

    last = points[-1]
    ui = UI[language]
    summary = (
        f"{ui['implementation_rate']} {percent(last.implementation_rate, language)}, "
        f"{ui['progress']} {percent(last.progress, language)} ({last.date})"
    )
    return Trend(
        width=width,
        height=height,
        implementation=line([p.implementation_rate for p in points]),
        progress=line([p.progress for p in points]),
        first=points[0].date.isoformat(),
        last=last.date.isoformat(),
        summary=summary,
    )


def _response_view(response: Response, chooser: TextChooser) -> ResponseView:
    caveats = []
    for caveat in response.caveats:
        scope: dict[str, Any] = caveat.get("applies_to") or {}
        part = scope.get("part")
        caveats.append(
            CaveatView(
                text=chooser.show(caveat["text"]),
                indicators=list(scope.get("indicators") or []),
                part=chooser.show(part) if part else None,
                source_ref=caveat.get("source_ref", ""),
            )
        )
    return ResponseView(
        text=chooser.show(response.text), caveats=caveats, source_ref=response.source_ref
    )


def live_view(
    reads: StatusReads,
    report: Report,
    records: tuple[list[Recommendation], list[Indicator], dict[int, Response]],
    moment: Moment,
    language: UiLanguage,
) -> LiveView:
    """What the live part of the page shows: `records` are the report's recommendations,
    indicators and the response in force of each recommendation."""
    recommendations, indicators, responses = records
    today = moment.at.date()
    last_year = Period(add_months(today, -12), today, Step.MONTH)
    key, status, history = reads.report_view(report, moment, last_year)
    chooser = TextChooser(language, report.unofficial_languages)
    texts = {r.id: chooser.show(r.text) for r in recommendations}
    indicator_texts = {i.id: chooser.show(i.text).text for i in indicators}
    views = {rec_id: _response_view(r, chooser) for rec_id, r in responses.items()}
    cards = [
        _card(rec, texts, indicator_texts, views.get(rec.id), language)
        for rec in status.recommendations
    ]
    return LiveView(
        report=report,
        status=status,
        etag=key.etag,
        acceptance_rate=percent(status.acceptance_rate, language),
        implementation_rate=percent(status.implementation_rate, language),
        acceptance_basis=f"{status.rate_basis.accepting}/{status.rate_basis.decided}",
        implementation_basis=f"{status.rate_basis.implemented}/{status.rate_basis.committed}",
        progress=percent(status.progress, language),
        counts=[
            (name, term(name, language), count)
            for name, count in status.recommendation_counts.items()
            if count
        ],
        cards=cards,
        trend=trend_of(history, language),
        unofficial_shown=bool(chooser.used_unofficial),
    )


def _card(
    rec: RecommendationStatusRead,
    texts: dict[int | None, Shown],
    indicator_texts: dict[int | None, str],
    response: ResponseView | None,
    language: UiLanguage,
) -> Card:
    official, reported, own = rec.official, rec.reported, rec.own_evidence
    caveated = {code for c in response.caveats for code in c.indicators} if response else set()
    return Card(
        id=rec.id,
        code=rec.code,
        text=texts.get(rec.id) or Shown(text="", language=None),
        status=rec.status,
        label=term(rec.status, language),
        basis=rec.status_basis,
        basis_label=term(rec.status_basis, language),
        official_source=official.source_ref if official else "",
        derived=Source(rec.derived.status, term(rec.derived.status, language))
        if official
        else None,
        reported=Source(reported.status, term(reported.status, language), reported.reported_on)
        if reported
        else None,
        own_evidence=Source(own.status, term(own.status, language)) if own else None,
        flags=[(flag, term(flag, language)) for flag in rec.flags],
        acceptance=term(rec.acceptance, language) if rec.acceptance else "",
        overdue=rec.overdue,
        progress=round(rec.progress * 100),
        target_date=rec.current_target_date,
        explanation=explain(rec.explanation.rule, rec.explanation.params, language),
        response=response,
        chips=[
            Chip(
                indicator_id=ind.id,
                code=ind.code,
                status=ind.status,
                label=term(ind.status, language),
                text=indicator_texts.get(ind.id, ""),
                caveated=ind.code in caveated,
            )
            for ind in rec.indicators
        ],
    )
