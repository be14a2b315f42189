"""The words of e-mails, in the languages subscribers may choose (Chinese and English; the
status words come from app.wording, in all six)."""

from app.schemas.subscriptions import MailLanguage

Texts = dict[str, str]

TEXTS: dict[MailLanguage, Texts] = {
    MailLanguage.EN: {
        "subject.progress_report_due": "Progress report due: {rec} of {report}",
        "subject.target_date_approaching": "Target date in {days} days: {rec} of {report}",
        "subject.recommendation_overdue": "Overdue: {rec} of {report}",
        "body.progress_report_due": (
            "A progress report on recommendation {rec} of report {report} has been due "
            "since {date}. Its status is: {status}."
        ),
        "body.target_date_approaching": (
            "The target date of recommendation {rec} of report {report} is {date}, "
            "{days} days away. Its status is: {status}."
        ),
        "body.recommendation_overdue": (
            "Recommendation {rec} of report {report} is overdue: its target date, {date}, "
            "has passed and it is still open. Its status is: {status}."
        ),
        "open": "Open the report",
        "subject.digest": "followup weekly digest, {week}: {count} changes",
        "digest.intro": "What changed from {starts} to {ends} (UTC) in the reports you follow.",
        "digest.moved": "Statuses that moved",
        "digest.reminders": "Reminders of the week",
        "digest.counts": "Changes by kind",
        "digest.more": "and {count} more",
        "scope.everything": "all reports",
        "footer": ("You receive this because {email} subscribed to followup e-mails ({scope})."),
        "unsubscribe": "Unsubscribe",
        "page.title": "Unsubscribe from followup e-mails",
        "page.ask": "Stop sending reminders and digests to {email}?",
        "page.button": "Unsubscribe",
        "page.done": "{email} will receive no more e-mails from followup.",
        "page.unknown": "This unsubscribe link is not known (it may have been mistyped).",
    },
    MailLanguage.ZH: {
        "subject.progress_report_due": "进度报告到期：{report} 建议 {rec}",
        "subject.target_date_approaching": "目标日期还有 {days} 天：{report} 建议 {rec}",
        "subject.recommendation_overdue": "已逾期：{report} 建议 {rec}",
        "body.progress_report_due": (
            "报告 {report} 的建议 {rec} 的进度报告自 {date} 起到期。当前状态：{status}。"
        ),
        "body.target_date_approaching": (
            "报告 {report} 的建议 {rec} 的目标日期为 {date}，还有 {days} 天。当前状态：{status}。"
        ),
        "body.recommendation_overdue": (
            "报告 {report} 的建议 {rec} 已逾期：目标日期 {date} 已过，仍未结案。"
            "当前状态：{status}。"
        ),
        "open": "打开报告",
        "subject.digest": "followup 每周摘要（{week}）：{count} 项变动",
        "digest.intro": "您关注的报告在 {starts} 至 {ends}（UTC）期间的变动。",
        "digest.moved": "状态变动",
        "digest.reminders": "本周提醒",
        "digest.counts": "按类别统计的变动",
        "digest.more": "另有 {count} 项",
        "scope.everything": "全部报告",
        "footer": "您收到此邮件，是因为 {email} 订阅了 followup 的邮件（{scope}）。",
        "unsubscribe": "退订",
        "page.title": "退订 followup 邮件",
        "page.ask": "停止向 {email} 发送提醒和摘要？",
        "page.button": "退订",
        "page.done": "{email} 将不再收到 followup 的邮件。",
        "page.unknown": "无法识别此退订链接（可能输入有误）。",
    },
}

# The change log's kinds as a digest counts them.
KINDS: dict[MailLanguage, Texts] = {
    MailLanguage.EN: {
        "evidence_recorded": "Evidence recorded",
        "evidence_assessed": "Evidence assessed",
        "evidence_withdrawn": "Evidence withdrawn",
        "evidence_imported": "Evidence imported",
        "attachment_added": "Files attached",
        "indicator_assessed": "Indicators judged",
        "response_recorded": "Responses recorded",
        "progress_reported": "Progress reported",
        "recommendation_assessed": "Assessments by the oversight body",
        "target_date_changed": "Target dates moved",
        "action_created": "Follow-up actions added",
        "action_updated": "Follow-up actions updated",
        "report_loaded": "Reports loaded",
        "recommendation_status_changed": "Statuses that moved",
        "progress_report_due": "Progress reports falling due",
        "target_date_approaching": "Target dates 30 days away",
        "recommendation_overdue": "Recommendations becoming overdue",
    },
    MailLanguage.ZH: {
        "evidence_recorded": "记录证据",
        "evidence_assessed": "评估证据",
        "evidence_withdrawn": "撤回证据",
        "evidence_imported": "导入证据",
        "attachment_added": "添加附件",
        "indicator_assessed": "评定指标",
        "response_recorded": "记录答复",
        "progress_reported": "报告进展",
        "recommendation_assessed": "监督机构评估",
        "target_date_changed": "变更目标日期",
        "action_created": "新增后续行动",
        "action_updated": "更新后续行动",
        "report_loaded": "载入报告",
        "recommendation_status_changed": "状态变动",
        "progress_report_due": "进度报告到期",
        "target_date_approaching": "目标日期临近（30 天内）",
        "recommendation_overdue": "建议逾期",
    },
}


def text(language: str, key: str, **values: object) -> str:
    return TEXTS[MailLanguage(language)][key].format(**values)


def kind_label(language: str, kind: str) -> str:
    return KINDS[MailLanguage(language)].get(kind, kind)
