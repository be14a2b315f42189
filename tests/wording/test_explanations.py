"""Explanations said in the reader's language from their rule and parameters: the English
said from the parameters is the summary itself (so the parameters hold everything the rule
decided on), and the Chinese names no status by its code."""

import re
from dataclasses import replace
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from app.compliance import recommendation_status, report_status
from app.compliance.record import (
    IndicatorFacts,
    IndicatorJudgementFact,
    OfficialAssessmentFact,
    RecommendationFacts,
    ReportFacts,
    ResponseFact,
)
from app.compliance.verdicts import Explanation, RecommendationVerdict
from app.compliance.vocabulary import (
    Acceptance,
    IndicatorJudgement,
    OfficialStatus,
    RecommendationStatus,
    ReportedStatus,
)
from app.wording.explanations import explain
from tests.compliance.cases import action, at, official, reported
from tests.compliance.test_properties import evidence_items, indicators

# A status code as the API names it: lowercase words joined by underscores.
CODES = {
    *RecommendationStatus,
    *IndicatorJudgement,
    "no_evidence",
    "under_review",
    "partially_meets",
    "does_not_meet",
    "meets",
}
RAW_CODE = re.compile(r"\b(" + "|".join(sorted(map(str, CODES), key=len, reverse=True)) + r")\b")
# In English sentences "met" is a word; a code with an underscore is never one.
RAW_COMPOUND_CODE = re.compile(r"\b[a-z]+(_[a-z]+)+\b")


@st.composite
def whole_records(draw: st.DrawFn) -> RecommendationFacts:
    """A recommendation with any of: indicators (some judged as a whole), evidence of its
    own, a response, follow-up actions, progress reports and an official assessment."""
    count = draw(st.integers(0, 3))
    judged = []
    for n in range(count):
        facts: IndicatorFacts = draw(indicators(number=n + 1))
        if draw(st.booleans()):
            judgement = IndicatorJudgementFact(
                id=700 + n,
                status=draw(st.sampled_from(IndicatorJudgement)),
                assessed_on=at(draw(st.integers(0, 60))).date(),
                recorded_at=at(draw(st.integers(0, 60))),
                evidence_ids=tuple(draw(st.lists(st.integers(1, 999), max_size=3))),
            )
            facts = replace(facts, judgements=(judgement,))
        judged.append(facts)
    own = tuple(draw(evidence_items(first_id=900 + n)) for n in range(draw(st.integers(0, 2))))
    acceptance = draw(st.sampled_from(Acceptance))
    assessments: tuple[OfficialAssessmentFact, ...] = ()
    if draw(st.booleans()):
        one = official(draw(st.sampled_from(OfficialStatus)), draw(st.integers(0, 60)))
        assessments = (replace(one, source_ref=draw(st.sampled_from(["", "A/79/5, para. 3"]))),)
    return RecommendationFacts(
        id=1,
        code="R1",
        indicators=tuple(judged),
        evidence=own,
        responses=(ResponseFact(acceptance=acceptance, recorded_at=at(-10)),),
        actions=tuple(
            action(n, (draw(st.integers(0, 60)), draw(st.booleans())))
            for n in range(draw(st.integers(0, 2)))
        ),
        assessments=assessments,
        progress_reports=tuple(
            reported(draw(st.sampled_from(ReportedStatus)), draw(st.integers(0, 60)), id=800 + n)
            for n in range(draw(st.integers(0, 2)))
        ),
    )


def explanations(verdict: RecommendationVerdict) -> list[Explanation]:
    found = [verdict.explanation, verdict.derived_explanation]
    for indicator in verdict.indicators:
        found += [indicator.explanation, indicator.derived_explanation]
    if verdict.own_evidence:
        found.append(verdict.own_evidence.explanation)
    return found


def assert_said_in_both(explanation: Explanation) -> None:
    params = explanation.params
    assert explain(explanation.rule, params, "en", codes=True) == explanation.summary
    chinese = explain(explanation.rule, params, "zh")
    assert not RAW_CODE.search(chinese), chinese
    assert chinese != explanation.summary
    for language in ("ar", "es", "fr", "ru"):  # English sentences, their own status words
        assert not RAW_COMPOUND_CODE.search(explain(explanation.rule, params, language))


@given(facts=whole_records(), days=st.integers(0, 90))
@settings(max_examples=300, deadline=None)
def test_every_explanation_is_said_from_its_parameters(
    facts: RecommendationFacts, days: int
) -> None:
    when: datetime = at(days)
    verdict = recommendation_status(facts, when)
    for explanation in explanations(verdict):
        assert_said_in_both(explanation)
    report = report_status(ReportFacts(id=1, code="r", recommendations=(facts,)), when)
    assert_said_in_both(report.explanation)


def test_a_chinese_explanation_reads_as_chinese() -> None:
    facts = RecommendationFacts(
        id=1,
        code="R2",
        indicators=(IndicatorFacts(id=1, code="R2.a"),),
        progress_reports=(reported(ReportedStatus.IN_PROGRESS, 3),),
    )
    verdict = recommendation_status(facts, at(10))
    said = explain(verdict.explanation.rule, verdict.explanation.params, "zh")
    assert said.startswith("R2 正在执行：")
    assert "实体于" in said
    assert explain(verdict.explanation.rule, verdict.explanation.params, "fr").startswith(
        "R2 En cours: "
    )
