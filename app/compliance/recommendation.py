"""The recommendation rule: closure, then acceptance, then how many indicators are met."""

from datetime import date, datetime
from typing import assert_never

from app.compliance.indicator import indicator_status
from app.compliance.record import RecommendationFacts, ResponseFact, existed
from app.compliance.verdicts import Explanation, IndicatorVerdict, RecommendationVerdict
from app.compliance.vocabulary import Acceptance, IndicatorStatus, RecommendationStatus


def indicator_score(status: IndicatorStatus) -> float:
    """Progress credit of one indicator: met 1, partially met 0.5, anything else 0."""
    match status:
        case IndicatorStatus.MET:
            return 1.0
        case IndicatorStatus.PARTIALLY_MET:
            return 0.5
        case IndicatorStatus.UNDER_REVIEW | IndicatorStatus.NOT_MET | IndicatorStatus.NO_EVIDENCE:
            return 0.0
        case _:
            assert_never(status)


def current_response(facts: RecommendationFacts, as_of: datetime) -> ResponseFact | None:
    """The latest response recorded by `as_of`; earlier versions are history."""
    known = [r for r in facts.responses if r.recorded_at <= as_of]
    return max(known, key=lambda r: r.recorded_at, default=None)


def target_date_at(facts: RecommendationFacts, as_of: datetime) -> date | None:
    """The target date in force at `as_of`: the latest change recorded by then, else the
    original one."""
    known = [c for c in facts.target_date_changes if c.changed_at <= as_of]
    latest = max(known, key=lambda c: c.changed_at, default=None)
    return latest.new_date if latest else facts.original_target_date


def _is_past(target: date | None, as_of: datetime) -> bool:
    return target is not None and as_of.date() > target


def _decide(
    facts: RecommendationFacts,
    indicators: tuple[IndicatorVerdict, ...],
    response: ResponseFact | None,
    as_of: datetime,
) -> tuple[RecommendationStatus, Explanation]:
    """`no_longer_relevant` if an evaluator closed it so by `as_of`; else `not_accepted` if the
    response says so; else `implemented` when every indicator is met; else
    `partially_implemented` when any indicator is met or partially met; else `not_implemented`.
    """
    code = facts.code
    if facts.closed_at is not None and facts.closed_at <= as_of:
        status = RecommendationStatus.NO_LONGER_RELEVANT
        day = facts.closed_at.date().isoformat()
        return status, Explanation(
            rule=f"recommendation.{status}",
            summary=f"{code} {status}: closed as no longer relevant on {day}",
        )
    if response is not None and response.acceptance is Acceptance.NOT_ACCEPTED:
        status = RecommendationStatus.NOT_ACCEPTED
        return status, Explanation(
            rule=f"recommendation.{status}",
            summary=f"{code} {status}: the management response does not accept it",
        )
    codes = tuple(i.code for i in indicators)
    listing = ", ".join(f"{i.code} {i.status}" for i in indicators)
    evidence_ids = tuple(e for i in indicators for e in i.explanation.evidence_ids)
    if not indicators:
        status = RecommendationStatus.NOT_IMPLEMENTED
        summary = f"{code} {status}: it has no performance indicators to assess"
    elif all(i.status is IndicatorStatus.MET for i in indicators):
        status = RecommendationStatus.IMPLEMENTED
        summary = f"{code} {status}: every indicator is met ({listing})"
    elif any(i.status in (IndicatorStatus.MET, IndicatorStatus.PARTIALLY_MET) for i in indicators):
        status = RecommendationStatus.PARTIALLY_IMPLEMENTED
        summary = f"{code} {status}: some indicators are met or partially met ({listing})"
    else:
        status = RecommendationStatus.NOT_IMPLEMENTED
        summary = f"{code} {status}: no indicator is met or partially met ({listing})"
    return status, Explanation(
        rule=f"recommendation.{status}",
        summary=summary,
        evidence_ids=evidence_ids,
        indicator_codes=codes,
    )


def recommendation_status(facts: RecommendationFacts, as_of: datetime) -> RecommendationVerdict:
    """Status of one recommendation at `as_of`, with its indicators, progress and overdue flags.

    Overdue: not implemented nor closed, and `as_of` is past the target date (the current one
    for `overdue`, the original one for `overdue_against_original`). Progress: the mean credit
    of its indicators (met 1, partially met 0.5, others 0); 0 when it has none.
    """
    indicators = tuple(
        indicator_status(i, as_of) for i in facts.indicators if existed(i.created_at, as_of)
    )
    response = current_response(facts, as_of)
    status, explanation = _decide(facts, indicators, response, as_of)
    current_target = target_date_at(facts, as_of)
    still_open = status not in (
        RecommendationStatus.IMPLEMENTED,
        RecommendationStatus.NO_LONGER_RELEVANT,
    )
    scores = [indicator_score(i.status) for i in indicators]
    return RecommendationVerdict(
        id=facts.id,
        code=facts.code,
        status=status,
        acceptance=response.acceptance if response else None,
        overdue=still_open and _is_past(current_target, as_of),
        overdue_against_original=still_open and _is_past(facts.original_target_date, as_of),
        original_target_date=facts.original_target_date,
        current_target_date=current_target,
        progress=sum(scores) / len(scores) if scores else 0.0,
        explanation=explanation,
        indicators=indicators,
    )
