"""The indicator rule, case by case: the best verdict among current evidence decides."""

import pytest

from app.compliance import indicator_status
from app.compliance.record import EvidenceFact
from app.compliance.vocabulary import IndicatorStatus, Verdict
from tests.compliance.cases import NOW, at, evidence, indicator

M, P, D = Verdict.MEETS, Verdict.PARTIALLY_MEETS, Verdict.DOES_NOT_MEET


@pytest.mark.parametrize(
    ("items", "expected", "deciding"),
    [
        pytest.param((), IndicatorStatus.NO_EVIDENCE, (), id="no evidence"),
        pytest.param((evidence(1, M),), IndicatorStatus.MET, (1,), id="one meets"),
        pytest.param(
            (evidence(1, D), evidence(2, M)),
            IndicatorStatus.MET,
            (2,),
            id="any meets beats does-not-meet",
        ),
        pytest.param(
            (evidence(1, P), evidence(2), evidence(3, M)),
            IndicatorStatus.MET,
            (3,),
            id="meets beats partial and unassessed",
        ),
        pytest.param(
            (evidence(1, P), evidence(2, D)),
            IndicatorStatus.PARTIALLY_MET,
            (1,),
            id="partial beats does-not-meet",
        ),
        pytest.param(
            (evidence(1, P), evidence(2)),
            IndicatorStatus.PARTIALLY_MET,
            (1,),
            id="partial beats unassessed",
        ),
        pytest.param(
            (evidence(1), evidence(2, D)),
            IndicatorStatus.UNDER_REVIEW,
            (1,),
            id="unassessed beats does-not-meet",
        ),
        pytest.param((evidence(1),), IndicatorStatus.UNDER_REVIEW, (1,), id="awaiting verdict"),
        pytest.param(
            (evidence(1, D), evidence(2, D)),
            IndicatorStatus.NOT_MET,
            (1, 2),
            id="all does-not-meet",
        ),
        pytest.param(
            (evidence(1, M, D),),
            IndicatorStatus.NOT_MET,
            (1,),
            id="latest assessment wins over earlier meets",
        ),
        pytest.param(
            (evidence(1, D, P),), IndicatorStatus.PARTIALLY_MET, (1,), id="reassessed upwards"
        ),
        pytest.param(
            (evidence(1, M, withdrawn=5),),
            IndicatorStatus.NO_EVIDENCE,
            (),
            id="withdrawn evidence no longer counts",
        ),
        pytest.param(
            (evidence(1, M, superseded=5), evidence(2, recorded=5)),
            IndicatorStatus.UNDER_REVIEW,
            (2,),
            id="a correction replaces what it supersedes",
        ),
    ],
)
def test_indicator_status_follows_the_best_current_verdict(
    items: tuple[EvidenceFact, ...], expected: IndicatorStatus, deciding: tuple[int, ...]
) -> None:
    verdict = indicator_status(indicator("R1.a", *items), NOW)
    assert verdict.status is expected
    assert verdict.explanation.evidence_ids == deciding
    assert verdict.explanation.rule == f"indicator.{expected}"
    assert verdict.explanation.summary.startswith(f"R1.a {expected}")


@pytest.mark.parametrize(
    ("item", "as_of_days", "expected"),
    [
        pytest.param(
            evidence(1, M, recorded=10), 9.9, IndicatorStatus.NO_EVIDENCE, id="not yet recorded"
        ),
        pytest.param(
            evidence(1, M, recorded=10),
            10.5,
            IndicatorStatus.UNDER_REVIEW,
            id="recorded, not yet assessed",
        ),
        pytest.param(
            evidence(1, M, recorded=10),
            11,
            IndicatorStatus.MET,
            id="assessment counts from the moment it is recorded",
        ),
        pytest.param(
            evidence(1, M, D, recorded=0),
            1.5,
            IndicatorStatus.MET,
            id="later reassessment not yet known",
        ),
        pytest.param(
            evidence(1, M, withdrawn=20), 19, IndicatorStatus.MET, id="withdrawal not yet recorded"
        ),
        pytest.param(
            evidence(1, M, withdrawn=20),
            20,
            IndicatorStatus.NO_EVIDENCE,
            id="withdrawn at that moment",
        ),
        pytest.param(
            evidence(1, M, superseded=20), 19, IndicatorStatus.MET, id="correction not yet recorded"
        ),
        pytest.param(
            evidence(1, M, recorded=0, effective=at(40).date()),
            30,
            IndicatorStatus.NO_EVIDENCE,
            id="speaks for a date not yet reached",
        ),
    ],
)
def test_indicator_status_as_of_sees_only_what_was_recorded_by_then(
    item: EvidenceFact, as_of_days: float, expected: IndicatorStatus
) -> None:
    assert indicator_status(indicator("R2.b", item), at(as_of_days)).status is expected


def test_explanation_cites_evidence_and_assessment_date() -> None:
    verdict = indicator_status(indicator("R1.b", evidence(12, P)), NOW)
    assert verdict.explanation.summary == (
        f"R1.b partially_met: evidence 12 partially_meets (assessed {at(1).date()})"
    )


def test_current_evidence_lists_each_item_with_its_latest_verdict() -> None:
    verdict = indicator_status(indicator("R1.a", evidence(1, M, D), evidence(2)), NOW)
    assert [(e.id, e.verdict) for e in verdict.evidence] == [(1, D), (2, None)]
