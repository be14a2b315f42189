"""The report rule: counts by status, acceptance and implementation rates, progress."""

from datetime import timedelta

import pytest

from app.compliance import report_status
from app.compliance.record import RecommendationFacts, ReportFacts
from app.compliance.verdicts import RateBasis
from app.compliance.vocabulary import Acceptance, IndicatorStatus, RecommendationStatus
from tests.compliance.cases import NOW, empty, met, partial, recommendation

S = RecommendationStatus


def report(*recs: RecommendationFacts) -> ReportFacts:
    return ReportFacts(id=1, code="oios-x", recommendations=recs)


@pytest.mark.parametrize(
    ("facts", "acceptance", "implementation", "progress"),
    [
        pytest.param(report(), None, None, None, id="no recommendations"),
        pytest.param(
            report(
                recommendation("R1", empty("R1.a", 1), id=1),
                recommendation("R2", empty("R2.a", 2), id=2),
                recommendation("R3", empty("R3.a", 3), id=3),
            ),
            1.0,
            0.0,
            0.0,
            id="seed-like: all accepted, nothing done",
        ),
        pytest.param(
            report(
                recommendation("R1", met("R1.a", 1), id=1),
                recommendation(
                    "R2", partial("R2.a", 2), acceptance=Acceptance.PARTIALLY_ACCEPTED, id=2
                ),
                recommendation("R3", empty("R3.a", 3), acceptance=Acceptance.NOT_ACCEPTED, id=3),
                recommendation("R4", empty("R4.a", 4), acceptance=None, id=4),
            ),
            2 / 3,
            0.5,
            (1 + 0.5 + 0 + 0) / 4,
            id="mixed acceptance, one under consideration left out of the acceptance rate",
        ),
        pytest.param(
            report(
                recommendation("R1", met("R1.a", 1), id=1),
                recommendation("R2", empty("R2.a", 2), closed=1, id=2),
            ),
            1.0,
            1.0,
            0.5,
            id="closed ones leave the implementation denominator",
        ),
        pytest.param(
            report(recommendation("R1", empty("R1.a", 1), acceptance=None, id=1)),
            None,
            None,
            0.0,
            id="no decision yet: no rates",
        ),
        pytest.param(
            report(recommendation("R1", empty("R1.a", 1), closed=1, id=1)),
            1.0,
            None,
            0.0,
            id="nothing left to implement",
        ),
    ],
)
def test_report_rates(
    facts: ReportFacts,
    acceptance: float | None,
    implementation: float | None,
    progress: float | None,
) -> None:
    verdict = report_status(facts, NOW)
    assert verdict.acceptance_rate == (
        pytest.approx(acceptance) if acceptance is not None else None
    )
    assert verdict.implementation_rate == (
        pytest.approx(implementation) if implementation is not None else None
    )
    assert verdict.progress == (pytest.approx(progress) if progress is not None else None)


def test_report_counts_every_status_and_indicator() -> None:
    verdict = report_status(
        report(
            recommendation("R1", met("R1.a", 1), empty("R1.b", 2), id=1),
            recommendation("R2", empty("R2.a", 3), acceptance=Acceptance.NOT_ACCEPTED, id=2),
        ),
        NOW,
    )
    assert verdict.recommendation_counts[S.PARTIALLY_IMPLEMENTED] == 1
    assert verdict.recommendation_counts[S.NOT_ACCEPTED] == 1
    assert sum(verdict.recommendation_counts.values()) == 2
    assert verdict.indicator_counts[IndicatorStatus.MET] == 1
    assert verdict.indicator_counts[IndicatorStatus.NO_EVIDENCE] == 2
    assert "2 recommendations" in verdict.explanation.summary


def test_a_recommendation_counts_from_when_it_entered_the_record() -> None:
    from dataclasses import replace

    from tests.compliance.cases import at

    late = replace(recommendation("R2", empty("R2.a", 2), id=2), created_at=at(20))
    facts = report(recommendation("R1", met("R1.a", 1), id=1), late)
    assert [r.code for r in report_status(facts, at(10)).recommendations] == ["R1"]
    assert report_status(facts, at(10)).implementation_rate == 1.0
    assert report_status(facts, at(25)).implementation_rate == 0.5


def test_report_counts_acceptance_and_shows_the_counts_behind_each_rate() -> None:
    verdict = report_status(
        report(
            recommendation("R1", met("R1.a", 1), id=1),
            recommendation(
                "R2", partial("R2.a", 2), acceptance=Acceptance.PARTIALLY_ACCEPTED, id=2
            ),
            recommendation("R3", empty("R3.a", 3), acceptance=Acceptance.NOT_ACCEPTED, id=3),
            recommendation("R4", empty("R4.a", 4), acceptance=None, id=4),
            recommendation("R5", empty("R5.a", 5), closed=1, id=5),
        ),
        NOW,
    )
    assert verdict.acceptance_counts == {
        Acceptance.ACCEPTED: 2,
        Acceptance.PARTIALLY_ACCEPTED: 1,
        Acceptance.NOT_ACCEPTED: 1,
        Acceptance.UNDER_CONSIDERATION: 1,
    }
    basis = verdict.rate_basis
    assert (basis.decided, basis.accepting, basis.committed, basis.implemented) == (4, 3, 2, 1)
    assert verdict.acceptance_rate == basis.accepting / basis.decided
    assert verdict.implementation_rate == basis.implemented / basis.committed


def test_report_counts_overdue_only_among_accepted_open_recommendations() -> None:
    past = (NOW - timedelta(days=30)).date()
    verdict = report_status(
        report(
            recommendation("R1", empty("R1.a", 1), target=past, id=1),
            recommendation("R2", met("R2.a", 2), target=past, id=2),
            recommendation(
                "R3", empty("R3.a", 3), acceptance=Acceptance.NOT_ACCEPTED, target=past, id=3
            ),
            recommendation("R4", empty("R4.a", 4), id=4),
        ),
        NOW,
    )
    assert [r.code for r in verdict.recommendations if r.overdue] == ["R1"]
    assert verdict.overdue == 1


def test_rate_bases_add_up_so_that_portfolio_rates_weigh_each_recommendation() -> None:
    small = report_status(report(recommendation("R1", met("R1.a", 1), id=1)), NOW)
    large = report_status(
        report(*(recommendation(f"R{n}", empty(f"R{n}.a", n), id=n) for n in range(1, 4))), NOW
    )
    combined = small.rate_basis + large.rate_basis
    assert combined.implementation_rate == pytest.approx(1 / 4)
    # Not the mean of the two reports' rates (1.0 and 0.0), which would weigh them alike.
    assert combined.implementation_rate != pytest.approx(
        ((small.implementation_rate or 0) + (large.implementation_rate or 0)) / 2
    )
    assert RateBasis().acceptance_rate is None
    assert RateBasis().implementation_rate is None
