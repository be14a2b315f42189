"""Reading evidence back, and the check every change to an item makes first. Evidence rows
are only ever added (recording them: see recording)."""

from collections import defaultdict

from sqlmodel import Session, col, select

from app.attachments.reads import attachments_of
from app.errors import Conflict, NotFound
from app.models import Assessment, Evidence, Indicator, Recommendation, Report, Withdrawal
from app.models.evidence import EvidenceTarget
from app.schemas.evidence import (
    AssessmentRead,
    EvidenceRead,
    EvidenceState,
    WithdrawalRead,
)
from app.schemas.page import Page
from app.services.paging import paginate


def target_of(record: Indicator | Recommendation) -> EvidenceTarget:
    """What evidence of an indicator, or of a recommendation itself, is recorded against."""
    assert record.id is not None
    if isinstance(record, Indicator):
        return EvidenceTarget(record.report_id, record.recommendation_id, record.id, record.code)
    return EvidenceTarget(record.report_id, record.id, None, record.code)


def target_of_item(session: Session, evidence: Evidence) -> EvidenceTarget:
    """What an item is recorded against (its code is part of what a correction says)."""
    record: Indicator | Recommendation | None = (
        session.get(Indicator, evidence.indicator_id)
        if evidence.indicator_id is not None
        else session.get(Recommendation, evidence.recommendation_id)
    )
    if record is None:
        raise NotFound(f"evidence {evidence.id} names no indicator or recommendation")
    return target_of(record)


def targets_of(session: Session, report: Report) -> dict[str, EvidenceTarget]:
    """Everything in a report evidence may be recorded against, by code: its recommendations
    and its indicators (an indicator's code wins should one ever equal a recommendation's)."""
    recommendations = session.exec(
        select(Recommendation).where(Recommendation.report_id == report.id)
    ).all()
    indicators = session.exec(select(Indicator).where(Indicator.report_id == report.id)).all()
    targets = {r.code: target_of(r) for r in recommendations}
    targets.update((i.code, target_of(i)) for i in indicators)
    return targets


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
    files = attachments_of(session, [i for i in ids if i is not None])
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
                recommendation_id=e.recommendation_id,
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
                attachments=files.get(e.id, []),
                recorded_at=e.recorded_at,
                recorded_by=e.recorded_by,
            )
        )
    return reads


def describe_evidence(session: Session, evidence: Evidence) -> EvidenceRead:
    return evidence_reads(session, [evidence])[0]


def list_evidence(
    session: Session, target: EvidenceTarget, *, include_all: bool, limit: int, offset: int
) -> Page[EvidenceRead]:
    """The current evidence recorded against an indicator, or against a recommendation itself
    (or, with include_all, every item ever recorded there)."""
    if target.indicator_id is not None:
        query = select(Evidence).where(Evidence.indicator_id == target.indicator_id)
    else:
        query = select(Evidence).where(
            Evidence.recommendation_id == target.recommendation_id,
            col(Evidence.indicator_id).is_(None),
        )
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
