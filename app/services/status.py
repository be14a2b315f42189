"""Compliance status as of a moment: facts from the record, verdicts from the rules."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlmodel import Session

from app.clock import utcnow
from app.compliance import indicator_status, recommendation_status, report_status
from app.compliance.facts import ReportFacts
from app.compliance.verdicts import (
    Explanation,
    IndicatorVerdict,
    RecommendationVerdict,
    ReportVerdict,
)
from app.errors import NotFound
from app.models import Indicator, Recommendation, Report
from app.schemas.status import (
    MAX_CITED,
    EvidenceVerdictRead,
    ExplanationRead,
    IndicatorStatusAt,
    IndicatorStatusRead,
    RecommendationStatusAt,
    RecommendationStatusRead,
    ReportRef,
    ReportStatusRead,
)
from app.services.facts import load_report_facts
from app.services.status_cache import StatusKey
from app.services.versions import report_version


def _explanation(explanation: Explanation) -> ExplanationRead:
    return ExplanationRead(
        rule=explanation.rule,
        summary=explanation.summary,
        evidence_ids=list(explanation.evidence_ids[:MAX_CITED]),
        evidence_total=len(explanation.evidence_ids),
        indicator_codes=list(explanation.indicator_codes),
    )


def _indicator(verdict: IndicatorVerdict) -> IndicatorStatusRead:
    return IndicatorStatusRead(
        id=verdict.id,
        code=verdict.code,
        status=verdict.status,
        explanation=_explanation(verdict.explanation),
        evidence_count=len(verdict.evidence),
    )


def _recommendation(verdict: RecommendationVerdict) -> RecommendationStatusRead:
    return RecommendationStatusRead(
        id=verdict.id,
        code=verdict.code,
        status=verdict.status,
        acceptance=verdict.acceptance,
        overdue=verdict.overdue,
        overdue_against_original=verdict.overdue_against_original,
        original_target_date=verdict.original_target_date,
        current_target_date=verdict.current_target_date,
        progress=verdict.progress,
        explanation=_explanation(verdict.explanation),
        indicators=[_indicator(i) for i in verdict.indicators],
    )


def ref_of(report: Report) -> ReportRef:
    assert report.id is not None
    return ReportRef(id=report.id, code=report.code, title=report.title)


@dataclass(frozen=True, slots=True)
class Moment:
    """When a status is asked for: a given `as_of`, or the current status (as_of None),
    evaluated at `now` and shown as the UTC date it was evaluated on."""

    as_of: datetime | None
    now: datetime

    @property
    def at(self) -> datetime:
        return self.as_of or self.now

    @property
    def label(self) -> str:
        return self.as_of.isoformat() if self.as_of else f"current@{self.now.date()}"


def status_key(
    session: Session, kind: str, entity_id: int, report_id: int, moment: Moment
) -> StatusKey:
    return StatusKey(
        kind=kind,
        entity_id=entity_id,
        version=report_version(session, report_id),
        moment=moment.label,
    )


def report_status_read(
    report: Report, verdict: ReportVerdict, moment: Moment, version: int
) -> ReportStatusRead:
    return ReportStatusRead(
        report=ref_of(report),
        as_of=moment.as_of,
        evaluated_on=moment.at.date(),
        data_version=version,
        recommendation_counts=verdict.recommendation_counts,
        indicator_counts=verdict.indicator_counts,
        acceptance_rate=verdict.acceptance_rate,
        implementation_rate=verdict.implementation_rate,
        progress=verdict.progress,
        explanation=_explanation(verdict.explanation),
        recommendations=[_recommendation(r) for r in verdict.recommendations],
    )


def compute_report_status(
    session: Session,
    report: Report,
    moment: Moment,
    *,
    version: int,
    facts: ReportFacts | None = None,
) -> ReportStatusRead:
    """`facts`, when given, are the report's record read in the same snapshot as `version`
    (any later moment's facts will do: the rules decide what counted at `moment`)."""
    if facts is None:
        facts = load_report_facts(session, report, moment.at)
    return report_status_read(report, report_status(facts, moment.at), moment, version)


def _report_of(session: Session, report_id: int) -> Report:
    report = session.get(Report, report_id)
    if report is None:  # only possible if the schema's foreign keys were bypassed
        raise NotFound(f"no report with id {report_id}")
    return report


def _not_yet(what: str, moment: Moment) -> NotFound:
    return NotFound(f"{what} was not yet in the record as of {moment.at.isoformat()}")


def compute_recommendation_status(
    session: Session, recommendation: Recommendation, moment: Moment, *, version: int
) -> RecommendationStatusAt:
    report = _report_of(session, recommendation.report_id)
    facts = load_report_facts(session, report, moment.at, recommendation_id=recommendation.id)
    if not facts.recommendations:
        raise _not_yet(f"recommendation {recommendation.code}", moment)
    verdict = recommendation_status(facts.recommendations[0], moment.at)
    return RecommendationStatusAt(
        **_recommendation(verdict).model_dump(),
        report=ref_of(report),
        as_of=moment.as_of,
        evaluated_on=moment.at.date(),
        data_version=version,
    )


def compute_indicator_status(
    session: Session, indicator: Indicator, moment: Moment, *, version: int
) -> IndicatorStatusAt:
    report = _report_of(session, indicator.report_id)
    facts = load_report_facts(
        session,
        report,
        moment.at,
        recommendation_id=indicator.recommendation_id,
        indicator_id=indicator.id,
    )
    if not facts.recommendations or not facts.recommendations[0].indicators:
        raise _not_yet(f"indicator {indicator.code}", moment)
    recommendation = facts.recommendations[0]
    verdict = indicator_status(recommendation.indicators[0], moment.at)
    return IndicatorStatusAt(
        **_indicator(verdict).model_dump(),
        evidence=[EvidenceVerdictRead(**asdict(e)) for e in verdict.evidence],
        report=ref_of(report),
        recommendation_code=recommendation.code,
        as_of=moment.as_of,
        evaluated_on=moment.at.date(),
        data_version=version,
    )


Render = Callable[[], bytes]


def report_status_view(
    session: Session, report: Report, moment: Moment
) -> tuple[StatusKey, Render]:
    """The key that decides the report's status body, and how to render the body if needed."""
    assert report.id is not None
    key = status_key(session, "report", report.id, report.id, moment)

    def render() -> bytes:
        status = compute_report_status(session, report, moment, version=key.version)
        return status.model_dump_json().encode()

    return key, render


def recommendation_status_view(
    session: Session, recommendation: Recommendation, moment: Moment
) -> tuple[StatusKey, Render]:
    assert recommendation.id is not None
    key = status_key(session, "recommendation", recommendation.id, recommendation.report_id, moment)

    def render() -> bytes:
        status = compute_recommendation_status(session, recommendation, moment, version=key.version)
        return status.model_dump_json().encode()

    return key, render


def indicator_status_view(
    session: Session, indicator: Indicator, moment: Moment
) -> tuple[StatusKey, Render]:
    assert indicator.id is not None
    key = status_key(session, "indicator", indicator.id, indicator.report_id, moment)

    def render() -> bytes:
        status = compute_indicator_status(session, indicator, moment, version=key.version)
        return status.model_dump_json().encode()

    return key, render


def report_status_at(session: Session, report: Report, as_of: datetime | None) -> ReportStatusRead:
    """The report's status as of a moment (None: the current status), for exports and the CLI."""
    assert report.id is not None
    moment = Moment(as_of=as_of, now=utcnow())
    return compute_report_status(
        session, report, moment, version=report_version(session, report.id)
    )
