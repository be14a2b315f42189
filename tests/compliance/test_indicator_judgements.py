"""An indicator judged as a whole: the judgement in force decides, whatever each item's own
verdict; the evidence rule's status is still given."""

from dataclasses import replace

import pytest

from app.compliance import indicator_status, recommendation_status
from app.compliance.record import IndicatorFacts, IndicatorJudgementFact
from app.compliance.vocabulary import IndicatorJudgement as J
from app.compliance.vocabulary import IndicatorStatus, RecommendationStatus, StatusBasis, Verdict
from tests.compliance.cases import NOW, at, evidence, indicator, recommendation

IS = IndicatorStatus


def judged(
    status: J, day: float, *, recorded: float | None = None, id: int = 700
) -> IndicatorJudgementFact:
    return IndicatorJudgementFact(
        id=id,
        status=status,
        assessed_on=at(day).date(),
        recorded_at=at(day if recorded is None else recorded),
        evidence_ids=(1, 2),
    )


def with_judgements(facts: IndicatorFacts, *judgements: IndicatorJudgementFact) -> IndicatorFacts:
    return replace(facts, judgements=judgements)


HALF_AND_HALF = indicator(
    "R2.b", evidence(1, Verdict.PARTIALLY_MEETS), evidence(2, Verdict.PARTIALLY_MEETS)
)


@pytest.mark.parametrize(
    ("facts", "status", "basis", "derived"),
    [
        pytest.param(
            HALF_AND_HALF,
            IS.PARTIALLY_MET,
            StatusBasis.DERIVED,
            IS.PARTIALLY_MET,
            id="no judgement",
        ),
        pytest.param(
            with_judgements(HALF_AND_HALF, judged(J.MET, 5)),
            IS.MET,
            StatusBasis.OFFICIAL,
            IS.PARTIALLY_MET,
            id="two halves that meet a two-part indicator together",
        ),
        pytest.param(
            with_judgements(indicator("R1.a", evidence(1, Verdict.MEETS)), judged(J.NOT_MET, 5)),
            IS.NOT_MET,
            StatusBasis.OFFICIAL,
            IS.MET,
            id="a later failure undoes an earlier success",
        ),
        pytest.param(
            with_judgements(HALF_AND_HALF, judged(J.MET, 5), judged(J.NOT_MET, 8, id=701)),
            IS.NOT_MET,
            StatusBasis.OFFICIAL,
            IS.PARTIALLY_MET,
            id="the latest judgement is in force",
        ),
        pytest.param(
            with_judgements(HALF_AND_HALF, judged(J.MET, 40)),
            IS.PARTIALLY_MET,
            StatusBasis.DERIVED,
            IS.PARTIALLY_MET,
            id="a judgement for a day not yet reached",
        ),
    ],
)
def test_a_judgement_of_the_whole_indicator_decides(
    facts: IndicatorFacts, status: IndicatorStatus, basis: StatusBasis, derived: IndicatorStatus
) -> None:
    verdict = indicator_status(facts, NOW)
    assert (verdict.status, verdict.status_basis, verdict.derived) == (status, basis, derived)
    if basis is StatusBasis.OFFICIAL:
        assert verdict.explanation.rule == f"indicator.official.{status}"
        assert verdict.explanation.evidence_ids == (1, 2)


def test_the_recommendation_follows_its_indicators_as_judged() -> None:
    facts = recommendation("R2", with_judgements(HALF_AND_HALF, judged(J.MET, 5)))
    assert recommendation_status(facts, NOW).status is RecommendationStatus.IMPLEMENTED
    assert recommendation_status(facts, at(3)).status is RecommendationStatus.PARTIALLY_IMPLEMENTED


def test_a_judgement_counts_from_when_it_was_recorded() -> None:
    facts = with_judgements(HALF_AND_HALF, judged(J.MET, 5, recorded=12))
    assert indicator_status(facts, at(10)).status is IS.PARTIALLY_MET
    assert indicator_status(facts, at(12)).status is IS.MET
