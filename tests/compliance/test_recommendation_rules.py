"""The recommendation rule: closure, acceptance, then indicators; overdue and progress."""

from datetime import date

import pytest

from app.compliance import recommendation_status
from app.compliance.record import RecommendationFacts, TargetDateFact
from app.compliance.vocabulary import Acceptance, RecommendationStatus, StatusBasis, Verdict
from tests.compliance.cases import (
    NOW,
    action,
    at,
    empty,
    evidence,
    indicator,
    met,
    partial,
    recommendation,
)

S = RecommendationStatus


@pytest.mark.parametrize(
    ("facts", "expected", "progress"),
    [
        pytest.param(
            recommendation("R1", met("R1.a", 1), met("R1.b", 2)),
            S.IMPLEMENTED,
            1.0,
            id="every indicator met",
        ),
        pytest.param(
            recommendation("R1", met("R1.a", 1), empty("R1.b", 2)),
            S.PARTIALLY_IMPLEMENTED,
            0.5,
            id="one of two met",
        ),
        pytest.param(
            recommendation("R1", partial("R1.a", 1), empty("R1.b", 2)),
            S.PARTIALLY_IMPLEMENTED,
            0.25,
            id="one partially met",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), empty("R1.b", 2)),
            S.NOT_STARTED,
            0.0,
            id="nothing recorded, nothing under way",
        ),
        pytest.param(
            recommendation("R1", indicator("R1.a", evidence(1)), empty("R1.b", 2)),
            S.IN_PROGRESS,
            0.0,
            id="evidence awaiting a verdict",
        ),
        pytest.param(
            recommendation("R1", indicator("R1.a", evidence(1, Verdict.DOES_NOT_MEET))),
            S.IN_PROGRESS,
            0.0,
            id="evidence that does not meet yet",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), actions=(action(7, (1, True)),)),
            S.IN_PROGRESS,
            0.0,
            id="a follow-up action under way",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), actions=(action(7, (1, False)),)),
            S.NOT_STARTED,
            0.0,
            id="a follow-up action only planned",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), actions=(action(7, (1, True), (2, False)),)),
            S.NOT_STARTED,
            0.0,
            id="a follow-up action dropped since",
        ),
        pytest.param(recommendation("R1"), S.NOT_STARTED, 0.0, id="no indicators, nothing done"),
        pytest.param(
            recommendation("R1", met("R1.a", 1), acceptance=Acceptance.NOT_ACCEPTED),
            S.NOT_ACCEPTED,
            1.0,
            id="not accepted overrides indicators",
        ),
        pytest.param(
            recommendation("R1", met("R1.a", 1), acceptance=Acceptance.PARTIALLY_ACCEPTED),
            S.IMPLEMENTED,
            1.0,
            id="partially accepted still implementable",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), acceptance=None),
            S.NOT_STARTED,
            0.0,
            id="no response yet",
        ),
        pytest.param(
            recommendation("R1", met("R1.a", 1), closed=5, acceptance=Acceptance.NOT_ACCEPTED),
            S.NO_LONGER_RELEVANT,
            1.0,
            id="closure overrides everything",
        ),
    ],
)
def test_recommendation_status_rules(
    facts: RecommendationFacts, expected: RecommendationStatus, progress: float
) -> None:
    verdict = recommendation_status(facts, NOW)
    assert verdict.status is expected
    assert verdict.progress == pytest.approx(progress)
    official = "official." if verdict.status_basis is StatusBasis.OFFICIAL else ""
    assert verdict.explanation.rule == f"recommendation.{official}{expected}"


def test_closure_counts_only_from_when_it_was_recorded() -> None:
    facts = recommendation("R2", empty("R2.a", 1), closed=10)
    assert recommendation_status(facts, at(9)).status is S.NOT_STARTED
    assert recommendation_status(facts, at(10)).status is S.NO_LONGER_RELEVANT


@pytest.mark.parametrize(
    ("facts", "overdue"),
    [
        pytest.param(
            recommendation("R1", empty("R1.a", 1), target=date(2026, 3, 15)),
            True,
            id="past target, not implemented",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), target=NOW.date()),
            False,
            id="due today is not yet overdue",
        ),
        pytest.param(
            recommendation("R1", met("R1.a", 1), target=date(2026, 3, 15)),
            False,
            id="implemented is never overdue",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), target=date(2026, 3, 15), closed=2),
            False,
            id="closed is never overdue",
        ),
        pytest.param(recommendation("R1", empty("R1.a", 1)), False, id="no target date"),
        pytest.param(
            recommendation(
                "R1", empty("R1.a", 1), target=date(2026, 3, 15), acceptance=Acceptance.NOT_ACCEPTED
            ),
            False,
            id="not accepted has no target to miss",
        ),
        pytest.param(
            recommendation("R1", empty("R1.a", 1), target=date(2026, 3, 15), acceptance=None),
            False,
            id="under consideration has no target to miss yet",
        ),
        pytest.param(
            recommendation(
                "R1",
                empty("R1.a", 1),
                target=date(2026, 3, 15),
                acceptance=Acceptance.PARTIALLY_ACCEPTED,
            ),
            True,
            id="partially accepted, past target",
        ),
    ],
)
def test_overdue_when_open_past_the_target_date(facts: RecommendationFacts, overdue: bool) -> None:
    verdict = recommendation_status(facts, NOW)
    assert verdict.overdue is overdue
    assert verdict.overdue_against_original is overdue


def test_a_moved_target_date_counts_from_when_it_was_moved() -> None:
    base = recommendation("R1", empty("R1.a", 1), target=date(2026, 3, 10))
    facts = RecommendationFacts(
        id=base.id,
        code=base.code,
        indicators=base.indicators,
        responses=base.responses,
        original_target_date=base.original_target_date,
        target_date_changes=(TargetDateFact(new_date=date(2026, 12, 31), changed_at=at(20)),),
    )
    before_move = recommendation_status(facts, at(15))
    assert before_move.current_target_date == date(2026, 3, 10)
    assert before_move.overdue is True
    after_move = recommendation_status(facts, at(25))
    assert after_move.current_target_date == date(2026, 12, 31)
    assert after_move.overdue is False
    assert after_move.overdue_against_original is True


def test_latest_response_decides_acceptance() -> None:
    from app.compliance.record import ResponseFact

    base = recommendation("R3", met("R3.a", 1))
    facts = RecommendationFacts(
        id=base.id,
        code=base.code,
        indicators=base.indicators,
        responses=(
            ResponseFact(acceptance=Acceptance.ACCEPTED, recorded_at=at(-10)),
            ResponseFact(acceptance=Acceptance.NOT_ACCEPTED, recorded_at=at(10)),
        ),
    )
    assert recommendation_status(facts, at(5)).status is S.IMPLEMENTED
    assert recommendation_status(facts, at(15)).status is S.NOT_ACCEPTED


def test_no_response_yet_is_under_consideration() -> None:
    assert recommendation_status(recommendation("R1", acceptance=None), NOW).acceptance is (
        Acceptance.UNDER_CONSIDERATION
    )


def test_an_action_counts_as_under_way_from_when_it_was_so_recorded() -> None:
    facts = recommendation("R1", empty("R1.a", 1), actions=(action(7, (1, False), (10, True)),))
    assert recommendation_status(facts, at(5)).status is S.NOT_STARTED
    assert recommendation_status(facts, at(10)).status is S.IN_PROGRESS
    assert (
        "follow-up action 7 under way" in recommendation_status(facts, at(10)).explanation.summary
    )


def test_an_indicator_counts_from_when_it_entered_the_record() -> None:
    from dataclasses import replace

    late = replace(met("R1.b", 2), created_at=at(20))
    facts = recommendation("R1", met("R1.a", 1), late)
    assert recommendation_status(facts, at(10)).status is S.IMPLEMENTED
    assert [i.code for i in recommendation_status(facts, at(10)).indicators] == ["R1.a"]
    assert len(recommendation_status(facts, at(25)).indicators) == 2
