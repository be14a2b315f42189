"""The indicator rule: an evaluator's judgement of the indicator as a whole, if one is in
force; else the best verdict among the evidence that counts."""

from dataclasses import replace
from datetime import datetime
from typing import Any

from app.compliance.evidence import current_evidence
from app.compliance.record import IndicatorFacts, IndicatorJudgementFact, When
from app.compliance.verdicts import CurrentEvidence, Explanation, IndicatorVerdict
from app.compliance.vocabulary import IndicatorStatus, StatusBasis, Verdict

CITED_IN_WORDS = 5


def _cite(items: list[CurrentEvidence]) -> str:
    """The deciding items in words: the first few, and how many more there are."""
    parts = []
    for item in items[:CITED_IN_WORDS]:
        if item.verdict is None or item.assessed_at is None:
            parts.append(f"evidence {item.id} awaits assessment")
        else:
            day = item.assessed_at.date().isoformat()
            parts.append(f"evidence {item.id} {item.verdict} (assessed {day})")
    if len(items) > CITED_IN_WORDS:
        parts.append(f"and {len(items) - CITED_IN_WORDS} more")
    return "; ".join(parts)


def _cited(item: CurrentEvidence) -> dict[str, Any]:
    """An item as `_cite` names it, in the explanation's parameters."""
    if item.verdict is None or item.assessed_at is None:
        return {"id": item.id, "verdict": None, "on": None}
    return {"id": item.id, "verdict": str(item.verdict), "on": item.assessed_at.date().isoformat()}


def judgement_at(facts: IndicatorFacts, when: When) -> IndicatorJudgementFact | None:
    """The judgement in force: of those recorded by `known_at` and speaking for a day reached
    by `as_of`, the one made last (of one day, the one recorded last)."""
    known = [j for j in facts.judgements if when.counts(j.recorded_at, j.assessed_on)]
    return max(known, key=lambda j: (j.assessed_on, j.recorded_at, j.id), default=None)


def indicator_status(
    facts: IndicatorFacts, as_of: datetime, known_at: datetime | None = None
) -> IndicatorVerdict:
    """The evaluator's judgement of the indicator as a whole, if one is in force; else the
    status the evidence gives (see derived_indicator_status). Both are given. Without
    `known_at`, as the record stood at `as_of`."""
    return judged_indicator_status(facts, When.of(as_of, known_at))


def judged_indicator_status(facts: IndicatorFacts, when: When) -> IndicatorVerdict:
    derived = derived_indicator_status(facts, when)
    judgement = judgement_at(facts, when)
    if judgement is None:
        return derived
    status = IndicatorStatus(judgement.status)
    cited = ", ".join(str(e) for e in judgement.evidence_ids)
    on = judgement.assessed_on.isoformat()
    return replace(
        derived,
        status=status,
        explanation=Explanation(
            rule=f"indicator.official.{status}",
            summary=f"{facts.code} {status}: judged as a whole on {on}"
            + (f" (evidence {cited})" if cited else ""),
            evidence_ids=judgement.evidence_ids,
            indicator_codes=(facts.code,),
            params={"code": facts.code, "on": on, "evidence_ids": list(judgement.evidence_ids)},
        ),
        status_basis=StatusBasis.OFFICIAL,
        judgement=judgement,
    )


def derived_indicator_status(
    facts: IndicatorFacts, when: When, *, subject: str | None = None, rule: str = "indicator"
) -> IndicatorVerdict:
    """`met` if any current evidence meets; else `partially_met` if any partially meets; else
    `under_review` if any awaits a verdict; else `not_met` if all of it does not meet; else
    (no current evidence at all) `no_evidence`.

    The same rule reads a recommendation's own evidence: `subject` then names it in words
    (default: the indicator's code) and `rule` prefixes the rule's name; an explanation names
    the indicator only when it is one.
    """
    evidence = current_evidence(facts.evidence, when)
    by_verdict: dict[Verdict | None, list[CurrentEvidence]] = {}
    for item in evidence:
        by_verdict.setdefault(item.verdict, []).append(item)

    status: IndicatorStatus
    deciding: list[CurrentEvidence]
    if meeting := by_verdict.get(Verdict.MEETS):
        status, deciding = IndicatorStatus.MET, meeting
    elif partial := by_verdict.get(Verdict.PARTIALLY_MEETS):
        status, deciding = IndicatorStatus.PARTIALLY_MET, partial
    elif pending := by_verdict.get(None):
        status, deciding = IndicatorStatus.UNDER_REVIEW, pending
    elif failing := by_verdict.get(Verdict.DOES_NOT_MEET):
        status, deciding = IndicatorStatus.NOT_MET, failing
    else:
        status, deciding = IndicatorStatus.NO_EVIDENCE, []

    named = subject or facts.code
    if deciding:
        summary = f"{named} {status}: {_cite(deciding)}"
    else:
        summary = f"{named} {status}: no current evidence"
    explanation = Explanation(
        rule=f"{rule}.{status}",
        summary=summary,
        evidence_ids=tuple(item.id for item in deciding),
        indicator_codes=(facts.code,) if rule == "indicator" else (),
        params={
            "code": facts.code,
            "cited": [_cited(item) for item in deciding[:CITED_IN_WORDS]],
            "more": max(0, len(deciding) - CITED_IN_WORDS),
        },
    )
    return IndicatorVerdict(
        id=facts.id,
        code=facts.code,
        status=status,
        explanation=explanation,
        evidence=evidence,
        status_basis=StatusBasis.DERIVED,
        judgement=None,
        derived=status,
        derived_explanation=explanation,
    )
