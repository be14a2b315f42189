"""Words shown to people: the status vocabulary in the six UN languages, and the dashboard's
own interface text in Chinese and English."""

from typing import Literal

from app.compliance.vocabulary import Acceptance, IndicatorStatus, RecommendationStatus, Verdict
from app.schemas.text import Language

UiLanguage = Literal["zh", "en"]
UI_LANGUAGES: tuple[UiLanguage, ...] = ("zh", "en")

# Status vocabulary, by term, then language code.
VOCABULARY: dict[str, dict[Language, str]] = {
    RecommendationStatus.IMPLEMENTED: {
        Language.AR: "منفذة",
        Language.EN: "Implemented",
        Language.ES: "Aplicada",
        Language.FR: "Mise en œuvre",
        Language.RU: "Выполнена",
        Language.ZH: "已执行",
    },
    RecommendationStatus.PARTIALLY_IMPLEMENTED: {
        Language.AR: "منفذة جزئيا",
        Language.EN: "Partially implemented",
        Language.ES: "Aplicada parcialmente",
        Language.FR: "Partiellement mise en œuvre",
        Language.RU: "Выполнена частично",
        Language.ZH: "部分执行",
    },
    RecommendationStatus.NOT_STARTED: {
        Language.AR: "لم يبدأ تنفيذها",
        Language.EN: "Not started",
        Language.ES: "No iniciada",
        Language.FR: "Non commencée",
        Language.RU: "Не начата",
        Language.ZH: "尚未开始",
    },
    RecommendationStatus.IN_PROGRESS: {
        Language.AR: "قيد التنفيذ",
        Language.EN: "In progress",
        Language.ES: "En curso",
        Language.FR: "En cours",
        Language.RU: "Выполняется",
        Language.ZH: "正在执行",
    },
    RecommendationStatus.CLOSED_NOT_IMPLEMENTED: {
        Language.AR: "أُغلقت دون تنفيذ",
        Language.EN: "Closed, not implemented",
        Language.ES: "Cerrada sin aplicar",
        Language.FR: "Classée, non mise en œuvre",
        Language.RU: "Закрыта без выполнения",
        Language.ZH: "已结案，未执行",
    },
    RecommendationStatus.NOT_ACCEPTED: {
        Language.AR: "غير مقبولة",
        Language.EN: "Not accepted",
        Language.ES: "No aceptada",
        Language.FR: "Non acceptée",
        Language.RU: "Не принята",
        Language.ZH: "未接受",
    },
    RecommendationStatus.NO_LONGER_RELEVANT: {
        Language.AR: "لم تعد ذات صلة",
        Language.EN: "No longer relevant",
        Language.ES: "Ya no pertinente",
        Language.FR: "Sans objet",
        Language.RU: "Утратила актуальность",
        Language.ZH: "不再相关",
    },
    IndicatorStatus.MET: {
        Language.AR: "مستوفى",
        Language.EN: "Met",
        Language.ES: "Cumplido",
        Language.FR: "Atteint",
        Language.RU: "Достигнут",
        Language.ZH: "已达到",
    },
    IndicatorStatus.PARTIALLY_MET: {
        Language.AR: "مستوفى جزئيا",
        Language.EN: "Partially met",
        Language.ES: "Cumplido parcialmente",
        Language.FR: "Partiellement atteint",
        Language.RU: "Частично достигнут",
        Language.ZH: "部分达到",
    },
    IndicatorStatus.UNDER_REVIEW: {
        Language.AR: "قيد الاستعراض",
        Language.EN: "Under review",
        Language.ES: "En examen",
        Language.FR: "En cours d'examen",
        Language.RU: "На рассмотрении",
        Language.ZH: "审查中",
    },
    IndicatorStatus.NOT_MET: {
        Language.AR: "غير مستوفى",
        Language.EN: "Not met",
        Language.ES: "No cumplido",
        Language.FR: "Non atteint",
        Language.RU: "Не достигнут",
        Language.ZH: "未达到",
    },
    IndicatorStatus.NO_EVIDENCE: {
        Language.AR: "لا توجد أدلة",
        Language.EN: "No evidence",
        Language.ES: "Sin pruebas",
        Language.FR: "Aucune preuve",
        Language.RU: "Нет данных",
        Language.ZH: "无证据",
    },
    Verdict.MEETS: {
        Language.AR: "يفي",
        Language.EN: "Meets",
        Language.ES: "Cumple",
        Language.FR: "Satisfait",
        Language.RU: "Соответствует",
        Language.ZH: "符合",
    },
    Verdict.PARTIALLY_MEETS: {
        Language.AR: "يفي جزئيا",
        Language.EN: "Partially meets",
        Language.ES: "Cumple parcialmente",
        Language.FR: "Satisfait partiellement",
        Language.RU: "Частично соответствует",
        Language.ZH: "部分符合",
    },
    Verdict.DOES_NOT_MEET: {
        Language.AR: "لا يفي",
        Language.EN: "Does not meet",
        Language.ES: "No cumple",
        Language.FR: "Ne satisfait pas",
        Language.RU: "Не соответствует",
        Language.ZH: "不符合",
    },
    Acceptance.ACCEPTED: {
        Language.AR: "مقبولة",
        Language.EN: "Accepted",
        Language.ES: "Aceptada",
        Language.FR: "Acceptée",
        Language.RU: "Принята",
        Language.ZH: "已接受",
    },
    Acceptance.PARTIALLY_ACCEPTED: {
        Language.AR: "مقبولة جزئيا",
        Language.EN: "Partially accepted",
        Language.ES: "Aceptada parcialmente",
        Language.FR: "Partiellement acceptée",
        Language.RU: "Принята частично",
        Language.ZH: "部分接受",
    },
    Acceptance.UNDER_CONSIDERATION: {
        Language.AR: "قيد النظر",
        Language.EN: "Under consideration",
        Language.ES: "En estudio",
        Language.FR: "À l'étude",
        Language.RU: "Рассматривается",
        Language.ZH: "审议中",
    },
    "overdue": {
        Language.AR: "متأخرة",
        Language.EN: "Overdue",
        Language.ES: "Atrasada",
        Language.FR: "En retard",
        Language.RU: "Просрочена",
        Language.ZH: "逾期",
    },
    "awaiting_verdict": {
        Language.AR: "في انتظار التقييم",
        Language.EN: "Awaiting verdict",
        Language.ES: "Pendiente de evaluación",
        Language.FR: "En attente d'évaluation",
        Language.RU: "Ожидает оценки",
        Language.ZH: "待评估",
    },
}

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
    },
}


def term(key: str, language: str) -> str:
    """A vocabulary term in a language, falling back to English, then to the key itself."""
    labels = VOCABULARY.get(key, {})
    return labels.get(Language(language), labels.get(Language.EN, key))


def localized(text: dict[str, str], language: str) -> str:
    """Multilingual text in the wanted language, else English, else whatever there is."""
    return text.get(language) or text.get("en") or next(iter(text.values()), "")
