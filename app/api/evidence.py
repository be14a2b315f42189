"""Routes for one evidence item: reading it, assessing it, withdrawing it."""

from fastapi import APIRouter, Response

from app.api.auth import READER
from app.api.deps import PageDep, SessionDep
from app.api.entities import EvidenceDep
from app.api.writers import EvaluatorWrite
from app.schemas.evidence import (
    AssessmentCreate,
    AssessmentRead,
    EvidenceRead,
    WithdrawalCreate,
    WithdrawalRead,
)
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.services.assessments import assess_evidence, list_assessments, withdraw_evidence
from app.services.evidence import describe_evidence

router = APIRouter(
    prefix="/api/v1/evidence/{evidence_id}", tags=["evidence"], dependencies=[READER]
)


@router.get("", response_model=EvidenceRead, responses=problem_responses(404, 422))
def read_evidence(session: SessionDep, evidence: EvidenceDep) -> EvidenceRead:
    """One evidence item with its verdict history, withdrawal and correction links."""
    return describe_evidence(session, evidence)


@router.get(
    "/assessments", response_model=Page[AssessmentRead], responses=problem_responses(404, 422)
)
def read_assessments(
    session: SessionDep, evidence: EvidenceDep, page: PageDep
) -> Page[AssessmentRead]:
    """The item's verdicts, oldest first; the last one is in force."""
    return list_assessments(session, evidence, limit=page.limit, offset=page.offset)


@router.post(
    "/assessments",
    status_code=201,
    response_model=AssessmentRead,
    responses=problem_responses(404, 409, 413, 422),
)
async def assess(
    evidence: EvidenceDep, body: AssessmentCreate, write: EvaluatorWrite, response: Response
) -> AssessmentRead:
    """Record a verdict on the item; it replaces the previous verdict, which stays as history."""
    created = await write.run(assess_evidence, evidence, body)
    response.headers["Location"] = f"/api/v1/evidence/{evidence.id}/assessments"
    return created


@router.post(
    "/withdrawal",
    status_code=201,
    response_model=WithdrawalRead,
    responses=problem_responses(404, 409, 413, 422),
)
async def withdraw(
    evidence: EvidenceDep, body: WithdrawalCreate, write: EvaluatorWrite, response: Response
) -> WithdrawalRead:
    """Withdraw the item from the record from now on, with a reason; it stays readable."""
    created = await write.run(withdraw_evidence, evidence, body)
    response.headers["Location"] = f"/api/v1/evidence/{evidence.id}"
    return created
