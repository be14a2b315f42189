"""The evidence forms and the evidence item page: what each form asks, by role."""

from typing import Any

from sqlmodel import Session

from app.access.roles import Role, allows
from app.compliance.vocabulary import Verdict
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import Field, Form, Values
from app.dashboard.labels import UiLanguage
from app.models import Evidence
from app.schemas.evidence import EvidenceRead, EvidenceState
from app.services.evidence import describe_evidence, target_of_item
from app.wording.terms import term

FILES = Field("file", "file", multiple=True)


def verdict_field(lang: UiLanguage, *, required: bool) -> Field:
    options = tuple((v.value, term(v.value, lang)) for v in Verdict)
    return Field("verdict", "select", required=required, options=options)


def evidence_fields(
    lang: UiLanguage, role: Role, *, correcting: EvidenceRead | None = None
) -> list[Field]:
    """What an item says; a first verdict for those who may assess; its files (a correction
    may carry forward the files of the item it corrects)."""
    fields = [
        Field("title", required=True, max_length=500),
        Field("description", "textarea"),
        Field("source_url", "url", max_length=2048),
        Field("document_symbol", max_length=200),
        Field("effective_on", "date"),
    ]
    if correcting is None:
        fields.append(Field("external_id", max_length=200))
    if allows(role, Role.EVALUATOR):
        fields += [verdict_field(lang, required=False), Field("comment", "textarea")]
    if correcting is not None:
        carry = tuple((a.sha256, a.name) for a in correcting.attachments)
        fields.append(Field("attachments", "checkboxes", options=carry))
    fields.append(FILES)
    return fields


def record_form(
    action: str, lang: UiLanguage, role: Role, csrf: str, values: Values | None = None
) -> Form:
    words = FORM_WORDS[lang]
    return Form(
        action=action,
        submit=words["record_evidence"],
        fields=evidence_fields(lang, role),
        lang=lang,
        csrf_token=csrf,
        values=values or {},
        id="record",
    )


def correction_form(
    item: EvidenceRead, lang: UiLanguage, role: Role, csrf: str, values: Values | None = None
) -> Form:
    said: Values = values or {
        "title": item.title,
        "description": item.description,
        "source_url": item.source_url or "",
        "document_symbol": item.document_symbol or "",
        "effective_on": item.effective_on.isoformat(),
        "attachments": [a.sha256 for a in item.attachments],
    }
    return Form(
        action=f"/dashboard/evidence/{item.id}/correction",
        submit=FORM_WORDS[lang]["correct"],
        fields=evidence_fields(lang, role, correcting=item),
        lang=lang,
        csrf_token=csrf,
        values=said,
        id="correct",
    )


def item_forms(item: EvidenceRead, lang: UiLanguage, role: Role, csrf: str) -> dict[str, Form]:
    """The forms the item page shows this role (none to a viewer, none on an item that no
    longer counts)."""
    words = FORM_WORDS[lang]
    forms: dict[str, Form] = {}
    if item.state is not EvidenceState.CURRENT or not allows(role, Role.CONTRIBUTOR):
        return forms
    base = f"/dashboard/evidence/{item.id}"
    forms["attach"] = Form(f"{base}/attachments", words["attach"], [FILES], lang, csrf, id="attach")
    if allows(role, Role.EVALUATOR):
        forms["assess"] = Form(
            f"{base}/assessments",
            words["assess"],
            [verdict_field(lang, required=True), Field("comment", "textarea")],
            lang,
            csrf,
            id="assess",
        )
        forms["withdraw"] = Form(
            f"{base}/withdrawal",
            words["withdraw"],
            [Field("reason", "textarea", required=True)],
            lang,
            csrf,
            id="withdraw",
        )
    return forms


def item_context(
    session: Session, evidence: Evidence, lang: UiLanguage, role: Role, csrf: str
) -> dict[str, Any]:
    item = describe_evidence(session, evidence)
    return {
        "item": item,
        "target_code": target_of_item(session, evidence).code,
        "forms": item_forms(item, lang, role, csrf),
        "may_correct": item.state is EvidenceState.CURRENT and allows(role, Role.CONTRIBUTOR),
        "verdict_label": lambda v: term(str(v), lang),
    }
