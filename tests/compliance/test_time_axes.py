"""The two time axes: `as_of` (what was true then, by the days facts speak for) and `known_at`
(what had been recorded by then)."""

from dataclasses import replace
from datetime import date

from app.compliance import recommendation_status, report_status
from app.compliance.record import ReportFacts, ResponseFact, TargetDateFact
from app.compliance.vocabulary import Acceptance, RecommendationStatus
from tests.compliance.cases import NOW, action, at, empty, recommendation

S = RecommendationStatus


def test_a_response_speaks_from_the_day_it_was_given() -> None:
    """A response recorded on day 20 but given on day 5 is in force from day 5, as known
    since day 20."""
    facts = replace(
        recommendation("R1", empty("R1.a", 1), acceptance=None),
        responses=(
            ResponseFact(
                acceptance=Acceptance.NOT_ACCEPTED, recorded_at=at(20), responded_on=at(5).date()
            ),
        ),
    )
    assert recommendation_status(facts, at(10), known_at=NOW).status is S.NOT_ACCEPTED
    assert recommendation_status(facts, at(10)).acceptance is Acceptance.UNDER_CONSIDERATION
    assert recommendation_status(facts, at(3), known_at=NOW).acceptance is (
        Acceptance.UNDER_CONSIDERATION
    )


def test_a_target_date_moves_from_the_day_it_was_decided() -> None:
    facts = replace(
        recommendation("R1", empty("R1.a", 1), target=date(2026, 3, 5)),
        target_date_changes=(
            TargetDateFact(
                new_date=date(2026, 12, 31), changed_at=at(20), decided_on=date(2026, 3, 4)
            ),
        ),
    )
    as_known_now = recommendation_status(facts, at(10), known_at=NOW)
    assert as_known_now.current_target_date == date(2026, 12, 31)
    assert as_known_now.overdue is False
    as_then = recommendation_status(facts, at(10))
    assert as_then.current_target_date == date(2026, 3, 5)
    assert as_then.overdue is True


def test_an_action_counts_as_it_stood_at_as_of_and_as_recorded_by_known_at() -> None:
    facts = recommendation("R1", empty("R1.a", 1), actions=(action(7, (1, False), (10, True)),))
    assert recommendation_status(facts, at(5), known_at=NOW).status is S.NOT_STARTED
    assert recommendation_status(facts, at(15), known_at=at(8)).status is S.NOT_STARTED
    assert recommendation_status(facts, at(15), known_at=NOW).status is S.IN_PROGRESS


def test_recommendations_count_from_the_reports_issue_date_once_recorded() -> None:
    """A report loaded today, issued last year, speaks for last year as known now."""
    rec = replace(
        recommendation("R1", empty("R1.a", 1), id=1), created_at=at(20), issued_on=at(-300).date()
    )
    facts = ReportFacts(id=1, code="r", recommendations=(rec,))
    assert len(report_status(facts, at(-100), known_at=NOW).recommendations) == 1
    assert report_status(facts, at(-400), known_at=NOW).recommendations == ()
    assert report_status(facts, at(-100), known_at=at(10)).recommendations == ()
