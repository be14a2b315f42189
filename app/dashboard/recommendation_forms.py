"""The forms of a recommendation and its indicators: an indicator judged as a whole, the
entity's progress report, the oversight body's assessment, and the follow-up actions."""

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from app.compliance.vocabulary import IndicatorJudgement, OfficialStatus, ReportedStatus
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import Field, Form, Values
from app.dashboard.labels import UiLanguage
from app.models import Action, ActionState, Evidence, Withdrawal
from app.services.actions import action_etag
from app.wording.terms import term


def _choices(
    values: type[IndicatorJudgement | ReportedStatus | OfficialStatus], lang: UiLanguage
) -> tuple[tuple[str, str], ...]:
    return tuple((v.value, term(v.value, lang)) for v in values)


def current_evidence(
    session: Session, *, recommendation_id: int, indicator_id: int | None = None
) -> tuple[tuple[str, str], ...]:
    """The current items a judgement or a report may point to, as (id, label) choices: an
    indicator's, or (without one) all of a recommendation's."""
    query = select(Evidence).where(Evidence.recommendation_id == recommendation_id)
    if indicator_id is not None:
        query = query.where(Evidence.indicator_id == indicator_id)
    superseded = select_columns(col(Evidence.supersedes_id)).where(
        col(Evidence.recommendation_id) == recommendation_id,
        col(Evidence.supersedes_id).is_not(None),
    )
    rows = session.exec(
        query.where(
            col(Evidence.id).not_in(superseded),
            col(Evidence.id).not_in(select_columns(col(Withdrawal.evidence_id))),
        )
        .order_by(col(Evidence.id))
        .limit(200)
    ).all()
    return tuple((str(e.id), f"#{e.id} {e.title}") for e in rows)


def judgement_form(
    action: str,
    evidence: tuple[tuple[str, str], ...],
    lang: UiLanguage,
    csrf: str,
    values: Values | None = None,
) -> Form:
    fields = [
        Field("status", "select", required=True, options=_choices(IndicatorJudgement, lang)),
        Field("evidence_ids", "checkboxes", options=evidence),
        Field("comment", "textarea"),
        Field("assessed_on", "date"),
    ]
    return Form(action, FORM_WORDS[lang]["judge"], fields, lang, csrf, values or {}, id="judge")


def progress_form(
    action: str,
    evidence: tuple[tuple[str, str], ...],
    lang: UiLanguage,
    csrf: str,
    values: Values | None = None,
) -> Form:
    fields = [
        Field("status", "select", required=True, options=_choices(ReportedStatus, lang)),
        Field("narrative", "textarea", required=True),
        Field("period", max_length=7),
        Field("reported_on", "date"),
        Field("expected_completion_on", "date"),
        Field("evidence_ids", "checkboxes", options=evidence),
    ]
    words = FORM_WORDS[lang]
    return Form(action, words["report"], fields, lang, csrf, values or {}, id="progress")


def official_form(action: str, lang: UiLanguage, csrf: str, values: Values | None = None) -> Form:
    fields = [
        Field("status", "select", required=True, options=_choices(OfficialStatus, lang)),
        Field("assessed_on", "date"),
        Field("source_ref"),
        Field("comment", "textarea"),
        Field("justification", "textarea"),
    ]
    words = FORM_WORDS[lang]
    return Form(action, words["record_assessment"], fields, lang, csrf, values or {}, id="official")


def _action_fields(lang: UiLanguage) -> list[Field]:
    words = FORM_WORDS[lang]
    states = tuple((s.value, words.get(f"action_{s.value}", s.value)) for s in ActionState)
    return [
        Field("description", "textarea", required=True),
        Field("responsible_unit", max_length=200),
        Field("due_on", "date"),
        Field("state", "select", required=True, options=states),
        Field("dropped_reason", "textarea"),
        Field("completed_on", "date"),
    ]


def add_action_form(action: str, lang: UiLanguage, csrf: str, values: Values | None = None) -> Form:
    words = FORM_WORDS[lang]
    said = values or {"state": ActionState.PLANNED.value}
    return Form(action, words["add"], _action_fields(lang), lang, csrf, said, id="add-action")


def update_action_form(
    row: Action, lang: UiLanguage, csrf: str, values: Values | None = None
) -> Form:
    """An action's form, holding the version it was drawn from (sent back as If-Match: a
    change made meanwhile by someone else is refused, not overwritten)."""
    said: Values = values or {
        "description": row.description,
        "responsible_unit": row.responsible_unit,
        "due_on": row.due_on.isoformat() if row.due_on else "",
        "state": row.state.value,
        "dropped_reason": row.dropped_reason or "",
        "completed_on": row.completed_on.isoformat() if row.completed_on else "",
        "etag": action_etag(row),
    }
    return Form(
        f"/dashboard/actions/{row.id}",
        FORM_WORDS[lang]["save"],
        [*_action_fields(lang), Field("etag", "hidden")],
        lang,
        csrf,
        said,
        id=f"action-{row.id}",
    )


def actions_of(session: Session, recommendation_id: int) -> list[Action]:
    return list(
        session.exec(
            select(Action)
            .where(Action.recommendation_id == recommendation_id)
            .order_by(col(Action.id))
        ).all()
    )
