"""The portfolio page: the reports a viewer reaches, grouped by oversight body, entity or year,
filtered by any of the three, as a table and a chart of the implementation rate."""

from dataclasses import dataclass
from typing import Any

from app.dashboard.labels import UiLanguage
from app.schemas.portfolio import GroupBy, PortfolioGroup, ReportSummary
from app.status_reads.groups import UNDATED, group_key, portfolio_groups
from app.wording.terms import term

WORDS: dict[UiLanguage, dict[str, str]] = {
    "en": {
        "title": "Portfolio",
        "group_by": "Group by",
        "oversight_body": "Oversight body",
        "entity": "Entity",
        "year": "Year of issue",
        "all": "all",
        "filter": "Show",
        "reports": "Reports",
        "recommendations": "Recommendations",
        "acceptance_rate": "Acceptance rate",
        "implementation_rate": "Implementation rate",
        "overdue": "Overdue",
        "oldest_open": "Open the longest",
        "none_open": "none open",
        "chart": "Implementation rate by group",
        "back": "Back to the dashboard",
        "empty": "No report matches.",
    },
    "zh": {
        "title": "建议组合",
        "group_by": "分组方式",
        "oversight_body": "监督机构",
        "entity": "实体",
        "year": "发布年份",
        "all": "全部",
        "filter": "显示",
        "reports": "报告",
        "recommendations": "建议",
        "acceptance_rate": "接受率",
        "implementation_rate": "执行率",
        "overdue": "逾期",
        "oldest_open": "未结时间最长",
        "none_open": "无未结建议",
        "chart": "各组执行率",
        "back": "返回仪表板",
        "empty": "没有符合条件的报告。",
    },
}


@dataclass(frozen=True)
class Filters:
    oversight_body: str | None = None
    entity: str | None = None
    year: str | None = None

    def keeps(self, summary: ReportSummary) -> bool:
        return all(
            wanted is None or group_key(summary, by) == wanted
            for by, wanted in (
                (GroupBy.OVERSIGHT_BODY, self.oversight_body),
                (GroupBy.ENTITY, self.entity),
                (GroupBy.YEAR, self.year),
            )
        )


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def _row(group: PortfolioGroup, lang: UiLanguage) -> dict[str, Any]:
    totals = group.totals
    counts = [
        (str(status), term(str(status), lang), n)
        for status, n in totals.recommendation_counts.items()
        if n
    ]
    return {
        "key": group.key,
        "reports": group.reports,
        "recommendations": totals.recommendations,
        "counts": counts,
        "acceptance_rate": _percent(totals.acceptance_rate),
        "implementation_rate": _percent(totals.implementation_rate),
        "implementation_value": round((totals.implementation_rate or 0) * 100),
        "overdue": totals.overdue,
        "oldest_open": group.oldest_open,
    }


def portfolio_context(
    summaries: list[ReportSummary], group_by: GroupBy, filters: Filters, lang: UiLanguage
) -> dict[str, Any]:
    options = {
        by.value: sorted({group_key(s, by) for s in summaries}, key=lambda k: (k == UNDATED, k))
        for by in GroupBy
    }
    kept = [s for s in summaries if filters.keeps(s)]
    rows = [_row(g, lang) for g in portfolio_groups(kept, group_by)]
    return {
        "lang": lang,
        "words": WORDS[lang],
        "group_by": group_by.value,
        "group_choices": [by.value for by in GroupBy],
        "options": options,
        "filters": filters,
        "rows": rows,
    }
