"""The dashboard's own interface text in Chinese and English, and multilingual text chosen
by language (the status vocabulary, in the six UN languages, is in terms)."""

from typing import Literal

UiLanguage = Literal["zh", "en"]
UI_LANGUAGES: tuple[UiLanguage, ...] = ("zh", "en")

# The dashboard's own words, in the two languages it switches between.
UI: dict[UiLanguage, dict[str, str]] = {
    "en": {
        "title": "Implementation of recommendations",
        "acceptance_rate": "Acceptance rate",
        "implementation_rate": "Implementation rate",
        "progress": "Progress",
        "recommendations": "Recommendations",
        "indicators": "Performance indicators",
        "target_date": "Target date",
        "no_target": "no target date",
        "trend": "Trend over the last twelve months",
        "evidence": "Evidence",
        "no_current_evidence": "No current evidence.",
        "explanation": "Why",
        "close": "Close",
        "updated": "Up to date",
        "checking": "Checking for changes every {seconds} s",
        "offline": "Cannot reach the server; retrying",
        "period": "Period",
        "issued": "Issued",
        "report": "Report",
        "language": "Language",
        "recorded": "recorded",
        "effective": "for",
        "source": "source",
        "verdict": "Verdict",
        "not_applicable": "n/a",
        "evidence_says": "The evidence says",
        "entity_reports": "The entity reports",
        "own_evidence": "Evidence of the recommendation itself",
        "flags": "To look at",
    },
    "zh": {
        "title": "建议执行情况",
        "acceptance_rate": "接受率",
        "implementation_rate": "执行率",
        "progress": "进展",
        "recommendations": "建议",
        "indicators": "绩效指标",
        "target_date": "目标日期",
        "no_target": "无目标日期",
        "trend": "过去十二个月的趋势",
        "evidence": "证据",
        "no_current_evidence": "目前没有证据。",
        "explanation": "依据",
        "close": "关闭",
        "updated": "已是最新",
        "checking": "每 {seconds} 秒检查一次更新",
        "offline": "无法连接服务器，正在重试",
        "period": "所涉期间",
        "issued": "印发",
        "report": "报告",
        "language": "语言",
        "recorded": "记录于",
        "effective": "所涉日期",
        "source": "来源",
        "verdict": "评估结论",
        "not_applicable": "不适用",
        "evidence_says": "证据显示",
        "entity_reports": "实体报告",
        "own_evidence": "建议本身的证据",
        "flags": "需关注",
    },
}


def localized(text: dict[str, str], language: str) -> str:
    """Multilingual text in the wanted language, else English, else whatever there is."""
    return text.get(language) or text.get("en") or next(iter(text.values()), "")
