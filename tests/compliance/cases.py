"""Builders of compliance facts for rule tables: short names for the cases to read well."""

from datetime import UTC, date, datetime, timedelta

from app.compliance.record import (
    ActionFact,
    ActionStateFact,
    AssessmentFact,
    EvidenceFact,
    IndicatorFacts,
    OfficialAssessmentFact,
    ProgressReportFact,
    RecommendationFacts,
    ResponseFact,
)
from app.compliance.vocabulary import Acceptance, OfficialStatus, ReportedStatus, Verdict

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=30)


def at(days: float) -> datetime:
    """A moment `days` after T0."""
    return T0 + timedelta(days=days)


def evidence(
    id: int,
    *verdicts: Verdict,
    recorded: float = 0,
    effective: date | None = None,
    superseded: float | None = None,
    withdrawn: float | None = None,
) -> EvidenceFact:
    """An item recorded at T0+recorded days, assessed once a day after with each verdict."""
    return EvidenceFact(
        id=id,
        effective_on=effective or at(recorded).date(),
        recorded_at=at(recorded),
        superseded_at=at(superseded) if superseded is not None else None,
        withdrawn_at=at(withdrawn) if withdrawn is not None else None,
        assessments=tuple(
            AssessmentFact(id=id * 100 + n, verdict=v, assessed_at=at(recorded + n + 1))
            for n, v in enumerate(verdicts)
        ),
    )


def indicator(code: str, *items: EvidenceFact, id: int = 1) -> IndicatorFacts:
    return IndicatorFacts(id=id, code=code, evidence=items)


def met(code: str, id: int) -> IndicatorFacts:
    return indicator(code, evidence(id, Verdict.MEETS), id=id)


def partial(code: str, id: int) -> IndicatorFacts:
    return indicator(code, evidence(id, Verdict.PARTIALLY_MEETS), id=id)


def empty(code: str, id: int) -> IndicatorFacts:
    return indicator(code, id=id)


def action(id: int, *states: tuple[float, bool]) -> ActionFact:
    """A follow-up action and its states: (day recorded, under way or not)."""
    return ActionFact(
        id=id, states=tuple(ActionStateFact(under_way=w, recorded_at=at(d)) for d, w in states)
    )


def official(
    status: OfficialStatus, assessed: float, *, recorded: float | None = None, id: int = 900
) -> OfficialAssessmentFact:
    """The oversight body's assessment, speaking for the day of T0+assessed and recorded at
    T0+recorded days (default: then)."""
    return OfficialAssessmentFact(
        id=id,
        status=status,
        assessed_on=at(assessed).date(),
        recorded_at=at(assessed if recorded is None else recorded),
    )


def reported(
    status: ReportedStatus, day: float, *, recorded: float | None = None, id: int = 800
) -> ProgressReportFact:
    """The entity's progress report of the day of T0+day, recorded at T0+recorded days."""
    return ProgressReportFact(
        id=id,
        status=status,
        reported_on=at(day).date(),
        recorded_at=at(day if recorded is None else recorded),
    )


def recommendation(
    code: str,
    *indicators: IndicatorFacts,
    acceptance: Acceptance | None = Acceptance.ACCEPTED,
    closed: float | None = None,
    assessments: tuple[OfficialAssessmentFact, ...] = (),
    target: date | None = None,
    actions: tuple[ActionFact, ...] = (),
    reports: tuple[ProgressReportFact, ...] = (),
    issued: date | None = None,
    own: tuple[EvidenceFact, ...] = (),
    id: int = 1,
) -> RecommendationFacts:
    """`closed`: closed as no longer relevant that day (an official assessment); `own`: evidence
    recorded against the recommendation itself."""
    if closed is not None:
        assessments = (*assessments, official(OfficialStatus.NO_LONGER_RELEVANT, closed, id=999))
    return RecommendationFacts(
        id=id,
        code=code,
        indicators=indicators,
        evidence=own,
        responses=(ResponseFact(acceptance=acceptance, recorded_at=at(-10)),) if acceptance else (),
        actions=actions,
        assessments=assessments,
        progress_reports=reports,
        issued_on=issued,
        original_target_date=target,
    )
