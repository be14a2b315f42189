"""Reading a report's evidence as it stood at a moment into the compliance rules' input."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from app.compliance.record import AssessmentFact, EvidenceFact
from app.models import Assessment, Evidence, Withdrawal


def evidence_facts(
    session: Session, report_id: int, known_at: datetime, which: ColumnElement[bool]
) -> tuple[dict[int, list[EvidenceFact]], dict[int, list[EvidenceFact]]]:
    """The report's evidence (those items `which` picks) recorded by `known_at`, with its
    corrections, withdrawal and verdicts as they stood by then: by indicator, and the
    recommendations' own by recommendation."""
    rows = session.execute(
        select_columns(
            col(Evidence.id),
            col(Evidence.recommendation_id),
            col(Evidence.indicator_id),
            col(Evidence.effective_on),
            col(Evidence.recorded_at),
            col(Evidence.supersedes_id),
        )
        .where(col(Evidence.report_id) == report_id, col(Evidence.recorded_at) <= known_at)
        .where(which)
    ).all()
    superseded = {
        supersedes_id: (ev_id, recorded_at)
        for ev_id, _, _, _, recorded_at, supersedes_id in rows
        if supersedes_id is not None
    }
    withdrawn = _withdrawals(session, report_id, known_at, which)
    assessments = _assessments(session, report_id, known_at, which)
    of_indicator: dict[int, list[EvidenceFact]] = defaultdict(list)
    of_recommendation: dict[int, list[EvidenceFact]] = defaultdict(list)
    for ev_id, rec_id, indicator_id, effective_on, recorded_at, _ in rows:
        successor = superseded.get(ev_id)
        fact = EvidenceFact(
            id=ev_id,
            effective_on=effective_on,
            recorded_at=recorded_at,
            superseded_by=successor[0] if successor else None,
            superseded_at=successor[1] if successor else None,
            withdrawn_at=withdrawn.get(ev_id),
            assessments=tuple(assessments[ev_id]),
        )
        if indicator_id is None:
            of_recommendation[rec_id].append(fact)
        else:
            of_indicator[indicator_id].append(fact)
    return of_indicator, of_recommendation


def _withdrawals(
    session: Session, report_id: int, known_at: datetime, which: ColumnElement[bool]
) -> dict[int, datetime]:
    return dict(
        session.execute(
            select_columns(col(Withdrawal.evidence_id), col(Withdrawal.withdrawn_at))
            .join(Evidence, col(Evidence.id) == col(Withdrawal.evidence_id))
            .where(col(Evidence.report_id) == report_id, col(Withdrawal.withdrawn_at) <= known_at)
            .where(which)
        ).all()
    )


def _assessments(
    session: Session, report_id: int, known_at: datetime, which: ColumnElement[bool]
) -> dict[int, list[AssessmentFact]]:
    assessments: dict[int, list[AssessmentFact]] = defaultdict(list)
    for assessment_id, evidence_id, verdict, assessed_at in session.execute(
        select_columns(
            col(Assessment.id),
            col(Assessment.evidence_id),
            col(Assessment.verdict),
            col(Assessment.assessed_at),
        )
        .join(Evidence, col(Evidence.id) == col(Assessment.evidence_id))
        .where(col(Evidence.report_id) == report_id, col(Assessment.assessed_at) <= known_at)
        .where(which)
    ).all():
        assessments[evidence_id].append(
            AssessmentFact(id=assessment_id, verdict=verdict, assessed_at=assessed_at)
        )
    return assessments
