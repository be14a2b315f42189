"""Recording evidence: the busiest write of the service, so written with Core statements on
plain rows (no ORM instance is made for what is only inserted and answered)."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Insert, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from app.attachments.contents import Measured
from app.errors import Conflict, ErrorDetail, Forbidden, Invalid
from app.models import Assessment, Evidence
from app.models.evidence import EvidenceTarget, content_hash
from app.schemas.attachment import AttachmentRead
from app.schemas.evidence import AssessmentRead, EvidenceCreate, EvidenceRead, EvidenceState
from app.services.assessments import note_verdict
from app.services.attachments import attach_files, carry_forward, described_all
from app.services.evidence import ensure_current
from app.writes.unit_of_work import UnitOfWork

_INSERT_EVIDENCE = insert(SQLModel.metadata.tables[Evidence.__tablename__])
_INSERT_ASSESSMENT = insert(SQLModel.metadata.tables[Assessment.__tablename__])
# The change log names the item's target by its code: an indicator's, or a recommendation's.
_CODE_KEY = {False: "indicator_code", True: "recommendation_code"}
_ASSESSMENT_COLUMNS = {"evidence_id", "verdict", "comment", "assessed_at", "assessed_by"}


def _correction_of(
    session: Session, target: EvidenceTarget, data: EvidenceCreate
) -> Evidence | None:
    """The item a correction supersedes, checked: same target, still current."""
    if data.supersedes_id is None:
        return None
    prior = session.get(Evidence, data.supersedes_id)
    if prior is None or not target.holds(prior.recommendation_id, prior.indicator_id):
        where = "does not exist" if prior is None else f"is not evidence of {target.code}"
        message = (
            f"evidence {data.supersedes_id} {where}; "
            f"a correction supersedes evidence of {target.code}"
        )
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.supersedes_id")])
    ensure_current(session, prior, doing="corrected")
    if data.external_id and data.external_id != prior.external_id:
        kept = repr(prior.external_id) if prior.external_id else "none"
        message = f"a correction keeps the external_id of what it corrects ({kept})"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.external_id")])
    return prior


def _checked_date(data: EvidenceCreate, now: datetime) -> date:
    effective_on = data.effective_on or now.date()
    if effective_on > now.date():
        message = f"effective_on {effective_on} is in the future; evidence speaks for the past"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.effective_on")])
    return effective_on


def _free(session: Session, report_id: int, external_id: str) -> None:
    """Refuse an external id that already names an item of the report."""
    taken = session.exec(
        select(Evidence.id).where(
            Evidence.report_id == report_id, Evidence.external_id == external_id
        )
    ).first()
    if taken is not None:
        raise Conflict(
            f"external_id {external_id!r} already names evidence {taken} in this report; "
            "send supersedes_id to correct it"
        )


def record_evidence(
    unit: UnitOfWork, target: EvidenceTarget, data: EvidenceCreate, *, may_assess: bool = True
) -> EvidenceRead:
    """Record a new evidence item (or a correction of one) against an indicator or a
    recommendation itself and, if given, its first verdict (only for those who may assess).
    Written with Core statements: recording goes through the committer, which commits it with
    the other writes waiting at the same moment."""
    if data.assessment is not None and not may_assess:
        raise Forbidden(f"{unit.actor} may record evidence but not verdicts (the evaluator role)")
    session = unit.session
    effective_on = _checked_date(data, unit.now)
    prior = _correction_of(session, target, data)
    external_id = prior.external_id if prior else data.external_id
    if external_id and prior is None:
        _free(session, target.report_id, external_id)
    said: dict[str, Any] = {
        "title": data.title,
        "description": data.description,
        "source_url": data.source_url,
        "document_symbol": data.document_symbol,
        "effective_on": effective_on,
    }
    row: dict[str, Any] = {
        "report_id": target.report_id,
        "recommendation_id": target.recommendation_id,
        "indicator_id": target.indicator_id,
        **said,
        "external_id": external_id,
        "revision": prior.revision + 1 if prior else 1,
        "supersedes_id": prior.id if prior else None,
        "content_hash": content_hash(code=target.code, **said),
        "import_id": None,
        "recorded_at": unit.now,
        "recorded_by": unit.actor,
    }
    try:
        row["id"] = _insert(session, _INSERT_EVIDENCE, row)
    except IntegrityError as exc:  # a concurrent write took the same slot first
        raise Conflict("a concurrent write recorded this evidence first; read and retry") from exc
    carried = carry_forward(unit, prior, row["id"], data.attachments)
    unit.record(
        kind="evidence_recorded",
        entity="evidence",
        entity_id=row["id"],
        report_id=target.report_id,
        data={
            "before": {"evidence_id": prior.id, "title": prior.title, "state": "current"}
            if prior
            else None,
            "after": {
                _CODE_KEY[target.indicator_id is None]: target.code,
                **said,
                "effective_on": effective_on.isoformat(),
                "external_id": external_id,
                "revision": row["revision"],
                "supersedes_id": row["supersedes_id"],
                **({"attachments": described_all(carried)} if carried else {}),
            },
        },
    )
    verdict = _first_verdict(unit, data, evidence_id=row["id"], report_id=target.report_id)
    return _as_recorded(row, verdict, carried)


def _first_verdict(
    unit: UnitOfWork, data: EvidenceCreate, *, evidence_id: int, report_id: int
) -> Assessment | None:
    if data.assessment is None:
        return None
    verdict = Assessment(
        evidence_id=evidence_id,
        verdict=data.assessment.verdict,
        comment=data.assessment.comment,
        assessed_at=unit.now,
        assessed_by=unit.actor,
    )
    verdict.id = _insert(
        unit.session, _INSERT_ASSESSMENT, verdict.model_dump(include=_ASSESSMENT_COLUMNS)
    )
    note_verdict(unit, verdict, report_id=report_id, before=None)
    return verdict


def _as_recorded(
    row: dict[str, Any], verdict: Assessment | None, carried: list[AttachmentRead]
) -> EvidenceRead:
    """A just-recorded item as read back, from what was written (no second round trip): it is
    current, uncorrected, and has at most its first verdict."""
    return EvidenceRead(
        **row,
        superseded_by_id=None,
        state=EvidenceState.CURRENT,
        verdict=verdict.verdict if verdict else None,
        assessments=[AssessmentRead.model_validate(verdict, from_attributes=True)]
        if verdict
        else [],
        withdrawal=None,
        attachments=carried,
    )


def _insert(session: Session, statement: Insert, row: dict[str, Any]) -> int:
    """Insert one row; its new id."""
    result = cast(CursorResult[Any], session.execute(statement, row))
    key = result.inserted_primary_key
    assert key is not None
    new_id: int = key[0]
    return new_id


def record_with_files(
    unit: UnitOfWork,
    target: EvidenceTarget,
    data: EvidenceCreate,
    files: Sequence[Measured],
    *,
    may_assess: bool,
) -> EvidenceRead:
    """Record an item and attach its files in one unit: the item exists with all of its files
    or not at all (the dashboard's form sends both at once)."""
    recorded = record_evidence(unit, target, data, may_assess=may_assess)
    if not files:
        return recorded
    evidence = unit.session.get(Evidence, recorded.id)
    assert evidence is not None
    attached = attach_files(unit, evidence, files)
    return recorded.model_copy(update={"attachments": [*recorded.attachments, *attached]})
