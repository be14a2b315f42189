"""The recommendation rule: closure, then acceptance, then the indicators, then any activity."""

from datetime import date, datetime
from typing import assert_never

from app.compliance.indicator import indicator_status
from app.compliance.record import ActionFact, RecommendationFacts, ResponseFact, existed
from app.compliance.verdicts import Explanation, IndicatorVerdict, RecommendationVerdict
from app.compliance.vocabulary import (
    ACCEPTING,
    CLOSED,
    Acceptance,
    IndicatorStatus,
    RecommendationStatus,
)


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


def acceptance_at(facts: RecommendationFacts, as_of: datetime) -> Acceptance:
    """What the response in force says; `under_consideration` while there is none."""
    response = current_response(facts, as_of)
    return response.acceptance if response else Acceptance.UNDER_CONSIDERATION


def target_date_at(facts: RecommendationFacts, as_of: datetime) -> date | None:
    """The target date in force at `as_of`: the latest change recorded by then, else the
    original one."""
    known = [c for c in facts.target_date_changes if c.changed_at <= as_of]
    latest = max(known, key=lambda c: c.changed_at, default=None)
    return latest.new_date if latest else facts.original_target_date


def _is_past(target: date | None, as_of: datetime) -> bool:
    return target is not None and as_of.date() > target


def action_under_way(action: ActionFact, as_of: datetime) -> bool:
    """An action is under way at `as_of` if its latest state recorded by then is in progress
    or completed."""
    known = [state for state in action.states if state.recorded_at <= as_of]
    return bool(known) and max(known, key=lambda state: state.recorded_at).under_way


def _closed(
    facts: RecommendationFacts, as_of: datetime
) -> tuple[RecommendationStatus, Explanation]:
    status = RecommendationStatus.NO_LONGER_RELEVANT
    assert facts.closed_at is not None
    day = facts.closed_at.date().isoformat()
    return status, Explanation(
        rule=f"recommendation.{status}",
        summary=f"{facts.code} {status}: closed as no longer relevant on {day}",
    )


def _by_indicators(
    facts: RecommendationFacts, indicators: tuple[IndicatorVerdict, ...]
) -> tuple[RecommendationStatus, Explanation] | None:
    """`implemented` when every indicator is met; `partially_implemented` when any is met or
    partially met; None when the indicators say neither."""
    codes = tuple(i.code for i in indicators)
    listing = ", ".join(f"{i.code} {i.status}" for i in indicators)
    evidence_ids = tuple(e for i in indicators for e in i.explanation.evidence_ids)
    if indicators and all(i.status is IndicatorStatus.MET for i in indicators):
        status = RecommendationStatus.IMPLEMENTED
        summary = f"{facts.code} {status}: every indicator is met ({listing})"
    elif any(i.status in (IndicatorStatus.MET, IndicatorStatus.PARTIALLY_MET) for i in indicators):
        status = RecommendationStatus.PARTIALLY_IMPLEMENTED
        summary = f"{facts.code} {status}: some indicators are met or partially met ({listing})"
    else:
        return None
    return status, Explanation(
        rule=f"recommendation.{status}",
        summary=summary,
        evidence_ids=evidence_ids,
        indicator_codes=codes,
    )


def _by_activity(
    facts: RecommendationFacts, indicators: tuple[IndicatorVerdict, ...], as_of: datetime
) -> tuple[RecommendationStatus, Explanation]:
    """`in_progress` when any evidence counts or any follow-up action is under way; else
    `not_started`."""
    with_evidence = [i for i in indicators if i.evidence]
    actions = [a.id for a in facts.actions if action_under_way(a, as_of)]
    reasons = []
    if with_evidence:
        reasons.append(
            "evidence is recorded ("
            + ", ".join(f"{i.code} {i.status}" for i in with_evidence)
            + ")"
        )
    if actions:
        listed = ", ".join(str(a) for a in actions)
        reasons.append(f"follow-up action {listed} under way")
    codes = tuple(i.code for i in indicators)
    if reasons:
        status = RecommendationStatus.IN_PROGRESS
        return status, Explanation(
            rule=f"recommendation.{status}",
            summary=f"{facts.code} {status}: " + "; ".join(reasons),
            evidence_ids=tuple(e.id for i in with_evidence for e in i.evidence),
            indicator_codes=codes,
        )
    status = RecommendationStatus.NOT_STARTED
    return status, Explanation(
        rule=f"recommendation.{status}",
        summary=f"{facts.code} {status}: no evidence recorded and no follow-up action under way",
        indicator_codes=codes,
    )


def _decide(
    facts: RecommendationFacts,
    indicators: tuple[IndicatorVerdict, ...],
    acceptance: Acceptance,
    as_of: datetime,
) -> tuple[RecommendationStatus, Explanation]:
    """`no_longer_relevant` if an evaluator closed it so by `as_of`; else `not_accepted` if the
    response in force says so; else `implemented` when every indicator is met;
    `partially_implemented` when any is met or partially met; `in_progress` when any evidence
    counts or any follow-up action is under way; else `not_started`.
    """
    if facts.closed_at is not None and facts.closed_at <= as_of:
        return _closed(facts, as_of)
    if acceptance is Acceptance.NOT_ACCEPTED:
        status = RecommendationStatus.NOT_ACCEPTED
        return status, Explanation(
            rule=f"recommendation.{status}",
            summary=f"{facts.code} {status}: the management response does not accept it",
        )
    return _by_indicators(facts, indicators) or _by_activity(facts, indicators, as_of)


def recommendation_status(facts: RecommendationFacts, as_of: datetime) -> RecommendationVerdict:
    """Status of one recommendation at `as_of`, with its indicators, progress and overdue flags.

    Overdue: accepted (fully or partially), still open (not implemented nor closed), and
    `as_of` is past the target date (the current one for `overdue`, the original one for
    `overdue_against_original`); a recommendation not accepted has no target to miss.
    Progress, followup's own measure (not an OIOS or JIU one): the mean credit of its
    indicators (met 1, partially met 0.5, others 0); 0 when it has none.
    """
    indicators = tuple(
        indicator_status(i, as_of) for i in facts.indicators if existed(i.created_at, as_of)
    )
    acceptance = acceptance_at(facts, as_of)
    status, explanation = _decide(facts, indicators, acceptance, as_of)
    current_target = target_date_at(facts, as_of)
    still_open = acceptance in ACCEPTING and status not in CLOSED
    scores = [indicator_score(i.status) for i in indicators]
    return RecommendationVerdict(
        id=facts.id,
        code=facts.code,
        status=status,
        acceptance=acceptance,
        overdue=still_open and _is_past(current_target, as_of),
        overdue_against_original=still_open and _is_past(facts.original_target_date, as_of),
        original_target_date=facts.original_target_date,
        current_target_date=current_target,
        progress=sum(scores) / len(scores) if scores else 0.0,
        explanation=explanation,
        indicators=indicators,
    )
