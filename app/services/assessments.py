"""Evaluators' verdicts on evidence, and withdrawals of evidence from the record."""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.compliance.vocabulary import Verdict
from app.errors import Conflict
from app.models import Assessment, Evidence, Withdrawal
from app.schemas.evidence import AssessmentCreate, AssessmentRead, WithdrawalCreate, WithdrawalRead
from app.schemas.page import Page
from app.services.evidence import ensure_current
from app.services.paging import paginate
from app.writes.unit_of_work import UnitOfWork


def assess_evidence(unit: UnitOfWork, evidence: Evidence, data: AssessmentCreate) -> AssessmentRead:
    """Add a verdict; it becomes the item's verdict, earlier ones stay as history."""
    session = unit.session
    assert evidence.id is not None
    ensure_current(session, evidence, doing="assessed")
    previous = session.exec(
        select(Assessment)
        .where(Assessment.evidence_id == evidence.id)
        .order_by(col(Assessment.assessed_at).desc(), col(Assessment.id).desc())
    ).first()
    row = Assessment(
        evidence_id=evidence.id,
        verdict=data.verdict,
        comment=data.comment,
        assessed_at=unit.now,
        assessed_by=unit.actor,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    note_verdict(
        unit, row, report_id=evidence.report_id, before=previous.verdict if previous else None
    )
    return AssessmentRead.model_validate(row, from_attributes=True)


def note_verdict(
    unit: UnitOfWork, verdict: Assessment, *, report_id: int, before: Verdict | None
) -> None:
    """The change-log entry of a verdict (given with new evidence, or later)."""
    assert verdict.id is not None
    unit.record(
        kind="evidence_assessed",
        entity="evidence",
        entity_id=verdict.evidence_id,
        report_id=report_id,
        data={
            "before": {"verdict": None if before is None else str(before)},
            "after": {
                "assessment_id": verdict.id,
                "verdict": str(verdict.verdict),
                "comment": verdict.comment,
            },
        },
    )


def list_assessments(
    session: Session, evidence: Evidence, *, limit: int, offset: int
) -> Page[AssessmentRead]:
    """An item's verdicts, oldest first; the last one is in force."""
    return paginate(
        session,
        select(Assessment).where(Assessment.evidence_id == evidence.id),
        limit=limit,
        offset=offset,
        order_by=(col(Assessment.assessed_at), col(Assessment.id)),
        read=lambda rows: [AssessmentRead.model_validate(a, from_attributes=True) for a in rows],
    )


def withdraw_evidence(
    unit: UnitOfWork, evidence: Evidence, data: WithdrawalCreate
) -> WithdrawalRead:
    """Take an item out of the record from now on; it stays readable, with the reason."""
    session = unit.session
    assert evidence.id is not None
    ensure_current(session, evidence, doing="withdrawn")
    row = Withdrawal(
        evidence_id=evidence.id,
        reason=data.reason,
        withdrawn_at=unit.now,
        withdrawn_by=unit.actor,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent withdrawal won the race
        raise Conflict(f"evidence {evidence.id} was withdrawn already") from exc
    assert row.id is not None
    unit.record(
        kind="evidence_withdrawn",
        entity="evidence",
        entity_id=evidence.id,
        report_id=evidence.report_id,
        data={
            "before": {"state": "current"},
            "after": {"state": "withdrawn", "withdrawal_id": row.id, "reason": row.reason},
        },
    )
    return WithdrawalRead.model_validate(row, from_attributes=True)
