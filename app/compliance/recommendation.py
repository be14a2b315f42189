"""The recommendation rule: the oversight body's assessment in force, else the derived status
(the response, the indicators, any activity); with acceptance, overdue flags and progress."""

from datetime import date, datetime
from typing import assert_never

from app.compliance.derived import derived_status, own_evidence_status
from app.compliance.indicator import judged_indicator_status
from app.compliance.official import flags, official_at, official_explanation
from app.compliance.record import RecommendationFacts, ResponseFact, When, existed
from app.compliance.reported import progress_report_due, reported_at
from app.compliance.responses import response_in_force
from app.compliance.verdicts import RecommendationVerdict
from app.compliance.vocabulary import (
    ACCEPTING,
    CLOSED,
    Acceptance,
    IndicatorStatus,
    RecommendationStatus,
    StatusBasis,
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


def current_response(facts: RecommendationFacts, when: When) -> ResponseFact | None:
    """The response in force: of the versions recorded by `known_at` and given by `as_of`
    (`responded_on`), the one given last (of one day, the one recorded last); earlier versions
    are history."""
    return response_in_force(facts.responses, when)


def acceptance_at(facts: RecommendationFacts, when: When) -> Acceptance:
    """What the response in force says; `under_consideration` while there is none."""
    response = current_response(facts, when)
    return response.acceptance if response else Acceptance.UNDER_CONSIDERATION


def target_date_at(facts: RecommendationFacts, when: When) -> date | None:
    """The target date in force: the latest change recorded by `known_at` and decided by
    `as_of`, else the original one."""
    known = [c for c in facts.target_date_changes if when.counts(c.changed_at, c.decided_on)]
    latest = max(
        known, key=lambda c: (c.decided_on or c.changed_at.date(), c.changed_at), default=None
    )
    return latest.new_date if latest else facts.original_target_date


def _is_past(target: date | None, as_of: datetime) -> bool:
    return target is not None and as_of.date() > target


def recommendation_status(
    facts: RecommendationFacts, as_of: datetime, known_at: datetime | None = None
) -> RecommendationVerdict:
    """Status of one recommendation at `as_of` as known at `known_at` (without it: as the
    record stood at `as_of`); see status_of."""
    return status_of(facts, When.of(as_of, known_at))


def status_of(facts: RecommendationFacts, when: When) -> RecommendationVerdict:
    """Status of one recommendation, with its indicators, progress and overdue flags.

    The status in force is the oversight body's assessment in force, if there is one (it
    prevails: the indicators inform its judgement, they are not a checklist); else the derived
    status. Both are given, with flags where they disagree.

    Overdue: accepted (fully or partially), still open (not implemented nor closed), and
    `as_of` is past the target date (the current one for `overdue`, the original one for
    `overdue_against_original`); a recommendation not accepted has no target to miss.
    Progress, followup's own measure (not an OIOS or JIU one): the mean credit of its
    indicators (met 1, partially met 0.5, others 0); without indicators, the credit of its own
    evidence by the same scale.
    """
    as_of = when.as_of
    indicators = tuple(
        judged_indicator_status(i, when)
        for i in facts.indicators
        if existed(i.created_at, facts.issued_on, when)
    )
    own = own_evidence_status(facts, indicators, when)
    acceptance = acceptance_at(facts, when)
    reported = reported_at(facts, when)
    derived, derived_explanation = derived_status(
        facts, indicators, own, acceptance, reported, when
    )
    official = official_at(facts, when)
    if official is None:
        status, basis, explanation = derived, StatusBasis.DERIVED, derived_explanation
    else:
        status, basis = RecommendationStatus(official.status), StatusBasis.OFFICIAL
        explanation = official_explanation(facts.code, official)
    current_target = target_date_at(facts, when)
    still_open = acceptance in ACCEPTING and status not in CLOSED
    # Without indicators, its own evidence is the one criterion progress is measured on.
    criteria = indicators or ((own,) if own else ())
    scores = [indicator_score(i.status) for i in criteria]
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
        own_evidence=own,
        status_basis=basis,
        official=official,
        derived=derived,
        derived_explanation=derived_explanation,
        reported=reported,
        flags=flags(
            official,
            derived,
            reported,
            report_due=still_open and progress_report_due(facts, reported, when),
        ),
    )
