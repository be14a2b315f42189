"""The derived status: followup's reading of the response, the evidence (of the indicators,
or of the recommendation itself) and the follow-up actions, where the oversight body has not
decided (see official)."""

from app.compliance.indicator import derived_indicator_status
from app.compliance.record import (
    ActionFact,
    IndicatorFacts,
    ProgressReportFact,
    RecommendationFacts,
    When,
)
from app.compliance.verdicts import Explanation, IndicatorVerdict
from app.compliance.vocabulary import (
    Acceptance,
    IndicatorStatus,
    RecommendationStatus,
    ReportedStatus,
)


def action_under_way(action: ActionFact, when: When) -> bool:
    """An action is under way if its latest state is in progress or completed: its state as it
    stood at `as_of`, as recorded by `known_at` (a state change happens when it is recorded)."""
    until = min(when.as_of, when.known_at)
    known = [state for state in action.states if state.recorded_at <= until]
    return bool(known) and max(known, key=lambda state: state.recorded_at).under_way


def own_evidence_status(
    facts: RecommendationFacts, indicators: tuple[IndicatorVerdict, ...], when: When
) -> IndicatorVerdict | None:
    """What the evidence recorded against the recommendation itself gives, by the indicators'
    evidence rule (see indicator.derived_indicator_status): met, partially met, under review,
    not met or no evidence. None when the recommendation has indicators and none of its own
    evidence counts (then there is nothing to say)."""
    if indicators and not facts.evidence:
        return None
    own = IndicatorFacts(id=facts.id, code=facts.code, evidence=facts.evidence)
    verdict = derived_indicator_status(
        own, when, subject=f"{facts.code}'s own evidence", rule="recommendation.own_evidence"
    )
    return None if indicators and not verdict.evidence else verdict


def derived_status(
    facts: RecommendationFacts,
    indicators: tuple[IndicatorVerdict, ...],
    own: IndicatorVerdict | None,
    acceptance: Acceptance,
    reported: ProgressReportFact | None,
    when: When,
) -> tuple[RecommendationStatus, Explanation]:
    """`not_accepted` if the response in force says so; else `implemented` when every
    indicator is met (without indicators: when the recommendation's own evidence meets it);
    `partially_implemented` when any is met or partially met (its own evidence partially
    meets it); `in_progress` when any evidence counts, any follow-up action is under way or the
    entity reports work under way (or done); else `not_started`."""
    if acceptance is Acceptance.NOT_ACCEPTED:
        status = RecommendationStatus.NOT_ACCEPTED
        return status, Explanation(
            rule=f"recommendation.{status}",
            summary=f"{facts.code} {status}: the management response does not accept it",
            params={"code": facts.code, "basis": "response"},
        )
    decided = _by_indicators(facts, indicators) if indicators else _by_own_evidence(facts, own)
    return decided or _by_activity(facts, indicators, own, reported, when)


def _by_own_evidence(
    facts: RecommendationFacts, own: IndicatorVerdict | None
) -> tuple[RecommendationStatus, Explanation] | None:
    """Without indicators, the recommendation's own evidence is its one criterion."""
    if own is None:
        return None
    if own.status is IndicatorStatus.MET:
        status = RecommendationStatus.IMPLEMENTED
    elif own.status is IndicatorStatus.PARTIALLY_MET:
        status = RecommendationStatus.PARTIALLY_IMPLEMENTED
    else:
        return None
    return status, Explanation(
        rule=f"recommendation.{status}",
        summary=f"{facts.code} {status}: it has no indicators; {own.explanation.summary}",
        evidence_ids=own.explanation.evidence_ids,
        params={
            "code": facts.code,
            "basis": "own_evidence",
            "own": {"rule": own.explanation.rule, "params": own.explanation.params},
        },
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
        params={
            "code": facts.code,
            "basis": "indicators",
            "indicators": [{"code": i.code, "status": str(i.status)} for i in indicators],
        },
    )


def _by_activity(
    facts: RecommendationFacts,
    indicators: tuple[IndicatorVerdict, ...],
    own: IndicatorVerdict | None,
    reported: ProgressReportFact | None,
    when: When,
) -> tuple[RecommendationStatus, Explanation]:
    """`in_progress` when any evidence counts (of an indicator or of the recommendation
    itself), any follow-up action is under way, or the entity's latest progress report says
    work is under way or done; else `not_started`."""
    with_evidence = [i for i in (*indicators, *((own,) if own else ())) if i.evidence]
    actions = [a.id for a in facts.actions if action_under_way(a, when)]
    reasons = []
    if with_evidence:
        listed = ", ".join(
            f"{i.code}{' itself' if i is own else ''} {i.status}" for i in with_evidence
        )
        reasons.append(f"evidence is recorded ({listed})")
    if actions:
        reasons.append(f"follow-up action {', '.join(str(a) for a in actions)} under way")
    if reported is not None and reported.status is not ReportedStatus.NOT_STARTED:
        day = reported.reported_on.isoformat()
        reasons.append(f"the entity reported it {reported.status} on {day}")
    codes = tuple(i.code for i in indicators)
    said = reported is not None and reported.status is not ReportedStatus.NOT_STARTED
    params = {
        "code": facts.code,
        "basis": "activity",
        "evidence": [
            {"code": i.code, "own": i is own, "status": str(i.status)} for i in with_evidence
        ],
        "actions": actions,
        "reported": {"status": str(reported.status), "on": reported.reported_on.isoformat()}
        if reported is not None and said
        else None,
    }
    if reasons:
        status = RecommendationStatus.IN_PROGRESS
        return status, Explanation(
            rule=f"recommendation.{status}",
            summary=f"{facts.code} {status}: " + "; ".join(reasons),
            evidence_ids=tuple(e.id for i in with_evidence for e in i.evidence),
            indicator_codes=codes,
            params=params,
        )
    status = RecommendationStatus.NOT_STARTED
    return status, Explanation(
        rule=f"recommendation.{status}",
        summary=f"{facts.code} {status}: no evidence recorded, no follow-up action under way "
        "and no progress reported",
        indicator_codes=codes,
        params=params,
    )
