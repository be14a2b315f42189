"""Explanations of status in the reader's language, from their rule and parameters.

The compliance rules give every verdict a `rule` (e.g. `recommendation.in_progress`) and the
facts that decided it as `params`. Chinese and English are written out here; the other four
UN languages read the English sentences with their own status vocabulary. `codes=True` names
statuses by their codes, as the API's English `summary` does (a test holds the two equal).
"""

from collections.abc import Callable, Mapping
from typing import Any

from app.wording.terms import term

Params = Mapping[str, Any]
Name = Callable[[str], str]

# The phrases of each explanation, in the two languages written out.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "sep": "; ",
        "list": ", ",
        "colon": ": ",
        "own_subject": "{code}'s own evidence",
        "awaits": "evidence {id} awaits assessment",
        "assessed": "evidence {id} {verdict} (assessed {on})",
        "more": "and {n} more",
        "no_current": "no current evidence",
        "judged": "judged as a whole on {on}",
        "judged_cited": " (evidence {ids})",
        "not_accepted": "the management response does not accept it",
        "no_indicators": "it has no indicators; {own}",
        "all_met": "every indicator is met ({listing})",
        "some_met": "some indicators are met or partially met ({listing})",
        "evidence_recorded": "evidence is recorded ({listing})",
        "item": "{code} {status}",
        "item_own": "{code} itself {status}",
        "actions": "follow-up action {ids} under way",
        "reported": "the entity reported it {status} on {on}",
        "nothing": "no evidence recorded, no follow-up action under way and no progress reported",
        "official": "assessed so by the oversight body on {on}",
        "official_source": " ({source})",
        "report": "{code}: {total} recommendations{counts}; acceptance rate {acceptance}; "
        "implementation rate {implementation}",
        "counts": " ({listing})",
        "count": "{n} {status}",
        "rate_none": "n/a",
    },
    "zh": {
        "sep": "；",
        "list": "、",
        "colon": "：",
        "own_subject": "{code} 本身的证据",
        "awaits": "证据 {id} 待评估",
        "assessed": "证据 {id} {verdict}(评估于 {on})",
        "more": "另有 {n} 项",
        "no_current": "目前没有证据",
        "judged": "于 {on} 作为整体评判",
        "judged_cited": "(证据 {ids})",
        "not_accepted": "管理层答复不接受该建议",
        "no_indicators": "该建议没有绩效指标；{own}",
        "all_met": "所有绩效指标均已达到({listing})",
        "some_met": "部分绩效指标已达到或部分达到({listing})",
        "evidence_recorded": "已记录证据({listing})",
        "item": "{code} {status}",
        "item_own": "{code} 本身 {status}",
        "actions": "后续行动 {ids} 正在进行",
        "reported": "实体于 {on} 报告其{status}",
        "nothing": "未记录证据，没有正在进行的后续行动，也未报告进展",
        "official": "监督机构于 {on} 作此评估",
        "official_source": "({source})",
        "report": "{code}：共 {total} 项建议{counts}；接受率 {acceptance}；执行率 {implementation}",
        "counts": "({listing})",
        "count": "{status} {n} 项",
        "rate_none": "不适用",
    },
}


def explain(rule: str, params: Params, language: str, *, codes: bool = False) -> str:
    """An explanation in a language (zh, en; ar, es, fr, ru read English sentences with their
    own status words). With `codes`, statuses are named by their codes, as in `summary`."""
    phrases = PHRASES["zh" if language == "zh" else "en"]

    def name(status: str) -> str:
        return status if codes else term(status, language)

    return _Sentence(phrases, name).render(rule, params)


class _Sentence:
    def __init__(self, phrases: dict[str, str], name: Name) -> None:
        self.p = phrases
        self.name = name

    def say(self, key: str, **values: object) -> str:
        return self.p[key].format(**values)

    def head(self, subject: str, status: str) -> str:
        return f"{subject} {self.name(status)}{self.p['colon']}"

    def render(self, rule: str, params: Params) -> str:
        family, _, status = rule.rpartition(".")
        if family == "report" and status == "counts":
            return self.report(params)
        if family in ("indicator", "recommendation.own_evidence"):
            return self.evidence(family, status, params)
        if family in ("indicator.official", "recommendation.official"):
            return self.official(family, status, params)
        if family == "recommendation":
            return self.recommendation(status, params)
        return str(params.get("summary", rule))  # a rule this version does not know

    def evidence(self, family: str, status: str, params: Params) -> str:
        code = params["code"]
        own = family == "recommendation.own_evidence"
        subject = self.say("own_subject", code=code) if own else code
        cited = [
            self.say("awaits", id=c["id"])
            if c.get("verdict") is None
            else self.say("assessed", id=c["id"], verdict=self.name(c["verdict"]), on=c["on"])
            for c in params.get("cited", ())
        ]
        if params.get("more"):
            cited.append(self.say("more", n=params["more"]))
        body = self.p["sep"].join(cited) if cited else self.p["no_current"]
        return self.head(subject, status) + body

    def official(self, family: str, status: str, params: Params) -> str:
        if family == "indicator.official":
            ids = params.get("evidence_ids") or ()
            cited = self.say("judged_cited", ids=", ".join(str(i) for i in ids)) if ids else ""
            return self.head(params["code"], status) + self.say("judged", on=params["on"]) + cited
        source = params.get("source_ref")
        return (
            self.head(params["code"], status)
            + self.say("official", on=params["on"])
            + (self.say("official_source", source=source) if source else "")
        )

    def recommendation(self, status: str, params: Params) -> str:
        head = self.head(params["code"], status)
        basis = params.get("basis")
        if basis == "response":
            return head + self.p["not_accepted"]
        if basis == "own_evidence":
            own = params["own"]
            return head + self.say("no_indicators", own=self.render(own["rule"], own["params"]))
        if basis == "indicators":
            listing = self.p["list"].join(
                self.say("item", code=i["code"], status=self.name(i["status"]))
                for i in params["indicators"]
            )
            key = "all_met" if status == "implemented" else "some_met"
            return head + self.say(key, listing=listing)
        return head + self.activity(params)

    def activity(self, params: Params) -> str:
        reasons = []
        if evidence := params.get("evidence"):
            listing = self.p["list"].join(
                self.say(
                    "item_own" if e.get("own") else "item",
                    code=e["code"],
                    status=self.name(e["status"]),
                )
                for e in evidence
            )
            reasons.append(self.say("evidence_recorded", listing=listing))
        if actions := params.get("actions"):
            reasons.append(self.say("actions", ids=", ".join(str(a) for a in actions)))
        if reported := params.get("reported"):
            reasons.append(
                self.say("reported", status=self.name(reported["status"]), on=reported["on"])
            )
        return self.p["sep"].join(reasons) if reasons else self.p["nothing"]

    def report(self, params: Params) -> str:
        counted = [
            self.say("count", n=n, status=self.name(status))
            for status, n in params.get("counts", {}).items()
            if n
        ]
        return self.say(
            "report",
            code=params["code"],
            total=params["total"],
            counts=self.say("counts", listing=self.p["list"].join(counted)) if counted else "",
            acceptance=self.rate(params.get("acceptance_rate")),
            implementation=self.rate(params.get("implementation_rate")),
        )

    def rate(self, rate: float | None) -> str:
        return self.p["rate_none"] if rate is None else f"{rate:.2f}"
