"""Recording evidence and reading it back. Evidence rows are only ever added."""

from collections import defaultdict
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, Insert, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from app.clock import utcnow
from app.errors import Conflict, ErrorDetail, Forbidden, Invalid, NotFound
from app.models import Assessment, Evidence, Indicator, Withdrawal
from app.models.evidence import content_hash
from app.schemas.evidence import (
    AssessmentRead,
    EvidenceCreate,
    EvidenceRead,
    EvidenceState,
    WithdrawalRead,
)
from app.schemas.page import Page
from app.services.changes import record_change
from app.services.paging import paginate


class EvidenceTarget(Protocol):
    """What recording evidence needs of its indicator (an Indicator, or an IndicatorRef)."""

    @property
    def id(self) -> int | None: ...

    @property
    def report_id(self) -> int: ...

    @property
    def code(self) -> str: ...


def find_evidence(session: Session, evidence_id: int) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound(f"no evidence with id {evidence_id}")
    return evidence


def evidence_reads(session: Session, rows: list[Evidence]) -> list[EvidenceRead]:
    """Evidence with its assessments, withdrawal and successor, in a fixed number of queries."""
    ids = [e.id for e in rows]
    assessments: dict[int, list[Assessment]] = defaultdict(list)
    for a in session.exec(
        select(Assessment)
        .where(col(Assessment.evidence_id).in_(ids))
        .order_by(col(Assessment.assessed_at), col(Assessment.id))
    ).all():
        assessments[a.evidence_id].append(a)
    withdrawals = {
        w.evidence_id: w
        for w in session.exec(select(Withdrawal).where(col(Withdrawal.evidence_id).in_(ids))).all()
    }
    successors = dict(
        session.exec(
            select(Evidence.supersedes_id, Evidence.id).where(col(Evidence.supersedes_id).in_(ids))
        ).all()
    )
    reads = []
    for e in rows:
        assert e.id is not None
        withdrawal = withdrawals.get(e.id)
        successor = successors.get(e.id)
        history = assessments[e.id]
        if withdrawal is not None:
            state = EvidenceState.WITHDRAWN
        elif successor is not None:
            state = EvidenceState.SUPERSEDED
        else:
            state = EvidenceState.CURRENT
        reads.append(
            EvidenceRead(
                id=e.id,
                report_id=e.report_id,
                indicator_id=e.indicator_id,
                title=e.title,
                description=e.description,
                source_url=e.source_url,
                document_symbol=e.document_symbol,
                effective_on=e.effective_on,
                external_id=e.external_id,
                revision=e.revision,
                supersedes_id=e.supersedes_id,
                superseded_by_id=successor,
                state=state,
                verdict=history[-1].verdict if history else None,
                assessments=[
                    AssessmentRead.model_validate(a, from_attributes=True) for a in history
                ],
                withdrawal=WithdrawalRead.model_validate(withdrawal, from_attributes=True)
                if withdrawal
                else None,
                import_id=e.import_id,
                recorded_at=e.recorded_at,
                recorded_by=e.recorded_by,
            )
        )
    return reads


def describe_evidence(session: Session, evidence: Evidence) -> EvidenceRead:
    return evidence_reads(session, [evidence])[0]


def list_evidence(
    session: Session, indicator: Indicator, *, include_all: bool, limit: int, offset: int
) -> Page[EvidenceRead]:
    """The indicator's current evidence (or, with include_all, every item ever recorded)."""
    query = select(Evidence).where(Evidence.indicator_id == indicator.id)
    if not include_all:
        superseded = select(Evidence.supersedes_id).where(col(Evidence.supersedes_id).is_not(None))
        query = query.where(
            col(Evidence.id).not_in(superseded),
            col(Evidence.id).not_in(select(Withdrawal.evidence_id)),
        )
    return paginate(
        session,
        query,
        limit=limit,
        offset=offset,
        order_by=(col(Evidence.recorded_at), col(Evidence.id)),
        read=lambda rows: evidence_reads(session, rows),
    )


def _correction_of(
    session: Session, indicator: EvidenceTarget, data: EvidenceCreate
) -> Evidence | None:
    """The item a correction supersedes, checked: same indicator, still current."""
    if data.supersedes_id is None:
        return None
    prior = session.get(Evidence, data.supersedes_id)
    if prior is None or prior.indicator_id != indicator.id:
        where = "does not exist" if prior is None else "belongs to another indicator"
        message = (
            f"evidence {data.supersedes_id} {where}; "
            f"a correction supersedes evidence of {indicator.code}"
        )
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.supersedes_id")])
    ensure_current(session, prior, doing="corrected")
    if data.external_id and data.external_id != prior.external_id:
        kept = repr(prior.external_id) if prior.external_id else "none"
        message = f"a correction keeps the external_id of what it corrects ({kept})"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.external_id")])
    return prior


def record_evidence(
    session: Session,
    indicator: EvidenceTarget,
    data: EvidenceCreate,
    *,
    actor: str,
    may_assess: bool = True,
) -> EvidenceRead:
    """Record a new evidence item (or a correction of one) and, if given, its first verdict
    (only for those who may assess), in the caller's write transaction: the committer's, which
    commits it with the other writes waiting at the same moment (see app.committer)."""
    assert indicator.id is not None
    if data.assessment is not None and not may_assess:
        raise Forbidden(f"{actor} may record evidence but not verdicts (the evaluator role)")
    now = utcnow()
    effective_on = data.effective_on or now.date()
    if effective_on > now.date():
        message = f"effective_on {effective_on} is in the future; evidence speaks for the past"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="body.effective_on")])
    prior = _correction_of(session, indicator, data)
    external_id = prior.external_id if prior else data.external_id
    if external_id and prior is None:
        taken = session.exec(
            select(Evidence.id).where(
                Evidence.report_id == indicator.report_id, Evidence.external_id == external_id
            )
        ).first()
        if taken is not None:
            raise Conflict(
                f"external_id {external_id!r} already names evidence {taken} in this report; "
                "send supersedes_id to correct it"
            )
    evidence = Evidence(
        report_id=indicator.report_id,
        indicator_id=indicator.id,
        title=data.title,
        description=data.description,
        source_url=data.source_url,
        document_symbol=data.document_symbol,
        effective_on=effective_on,
        external_id=external_id,
        revision=prior.revision + 1 if prior else 1,
        supersedes_id=prior.id if prior else None,
        content_hash=content_hash(
            indicator_code=indicator.code,
            title=data.title,
            description=data.description,
            source_url=data.source_url,
            document_symbol=data.document_symbol,
            effective_on=effective_on,
        ),
        recorded_at=now,
        recorded_by=actor,
    )
    try:
        # Core, not the ORM's unit of work: this is the busiest write of the service, and the
        # row needs nothing from the ORM but its new id.
        evidence.id = _insert(session, _INSERT_EVIDENCE, _row(evidence, _EVIDENCE_COLUMNS))
    except IntegrityError as exc:  # a concurrent write took the same slot first
        raise Conflict("a concurrent write recorded this evidence first; read and retry") from exc
    assert evidence.id is not None
    record_change(
        session,
        at=now,
        actor=actor,
        kind="evidence_recorded",
        entity="evidence",
        entity_id=evidence.id,
        report_id=indicator.report_id,
        data={
            "before": {"evidence_id": prior.id, "title": prior.title, "state": "current"}
            if prior
            else None,
            "after": {
                "indicator_code": indicator.code,
                "title": evidence.title,
                "description": evidence.description,
                "source_url": evidence.source_url,
                "document_symbol": evidence.document_symbol,
                "effective_on": effective_on.isoformat(),
                "external_id": external_id,
                "revision": evidence.revision,
                "supersedes_id": evidence.supersedes_id,
            },
        },
    )
    assessment = None
    if data.assessment is not None:
        assessment = Assessment(
            evidence_id=evidence.id,
            verdict=data.assessment.verdict,
            comment=data.assessment.comment,
            assessed_at=now,
            assessed_by=actor,
        )
        assessment.id = _insert(session, _INSERT_ASSESSMENT, _row(assessment, _ASSESSMENT_COLUMNS))
        record_change(
            session,
            at=now,
            actor=actor,
            kind="evidence_assessed",
            entity="evidence",
            entity_id=evidence.id,
            report_id=indicator.report_id,
            data={
                "before": {"verdict": None},
                "after": {
                    "verdict": str(data.assessment.verdict),
                    "comment": data.assessment.comment,
                },
            },
        )
    return _as_recorded(evidence, assessment)


def _as_recorded(evidence: Evidence, assessment: Assessment | None) -> EvidenceRead:
    """A just-recorded item as read back, from what was written (no second round trip): it is
    current, uncorrected, and has at most its first verdict."""
    assert evidence.id is not None
    history = (
        [AssessmentRead.model_validate(assessment, from_attributes=True)] if assessment else []
    )
    return EvidenceRead(
        **{name: getattr(evidence, name) for name in _RECORDED},
        superseded_by_id=None,
        state=EvidenceState.CURRENT,
        verdict=assessment.verdict if assessment else None,
        assessments=history,
        withdrawal=None,
    )


_RECORDED = (
    "id",
    "report_id",
    "indicator_id",
    "title",
    "description",
    "source_url",
    "document_symbol",
    "effective_on",
    "external_id",
    "revision",
    "supersedes_id",
    "import_id",
    "recorded_at",
    "recorded_by",
)


_EVIDENCE_TABLE = SQLModel.metadata.tables[Evidence.__tablename__]
_ASSESSMENT_TABLE = SQLModel.metadata.tables[Assessment.__tablename__]
_INSERT_EVIDENCE = insert(_EVIDENCE_TABLE)
_INSERT_ASSESSMENT = insert(_ASSESSMENT_TABLE)
_EVIDENCE_COLUMNS = tuple(c.name for c in _EVIDENCE_TABLE.columns if c.name != "id")
_ASSESSMENT_COLUMNS = tuple(c.name for c in _ASSESSMENT_TABLE.columns if c.name != "id")


def _row(model: SQLModel, columns: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(model, name) for name in columns}


def _insert(session: Session, statement: Insert, row: dict[str, Any]) -> int:
    """Insert one row; its new id."""
    result = cast(CursorResult[Any], session.execute(statement, row))
    key = result.inserted_primary_key
    assert key is not None
    new_id: int = key[0]
    return new_id


def ensure_current(session: Session, evidence: Evidence, *, doing: str) -> None:
    """Refuse to act on an item that no longer counts: withdrawn or corrected.

    The item's row is locked first (PostgreSQL; SQLite writers are serialised anyway), so a
    withdrawal, a correction and an assessment of one item never interleave.
    """
    session.exec(select(Evidence.id).where(Evidence.id == evidence.id).with_for_update()).one()
    if session.exec(select(Withdrawal.id).where(Withdrawal.evidence_id == evidence.id)).first():
        raise Conflict(f"evidence {evidence.id} was withdrawn; it cannot be {doing}")
    successor = session.exec(
        select(Evidence.id).where(Evidence.supersedes_id == evidence.id)
    ).first()
    if successor is not None:
        raise Conflict(
            f"evidence {evidence.id} is superseded by evidence {successor}; "
            f"that is the one to be {doing}"
        )
