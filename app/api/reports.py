"""Routes for reports: the list, one report with everything under it, and its status."""

from fastapi import APIRouter

from app.api.deps import AsOfDep, PageDep, ReportDep, SessionDep
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.report import ReportDetail, ReportRead
from app.schemas.status import ReportStatusRead
from app.services.reports import describe_report, list_reports
from app.services.status import compute_report_status

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])


@router.get("", response_model=Page[ReportRead], responses=problem_responses(422))
def read_reports(session: SessionDep, page: PageDep) -> Page[ReportRead]:
    """List the reports being followed up, oldest first."""
    return list_reports(session, limit=page.limit, offset=page.offset)


@router.get("/{report_id}", response_model=ReportDetail, responses=problem_responses(404, 422))
def read_report(session: SessionDep, report: ReportDep) -> ReportDetail:
    """One report with its recommendations, indicators, responses and actions."""
    return describe_report(session, report)


@router.get(
    "/{report_id}/status", response_model=ReportStatusRead, responses=problem_responses(404, 422)
)
def read_report_status(session: SessionDep, report: ReportDep, as_of: AsOfDep) -> ReportStatusRead:
    """Compliance status of the report and everything under it, explained, as of a moment."""
    return compute_report_status(session, report, as_of)
