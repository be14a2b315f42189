"""Which reports a request's path concerns, for the scope check of a token limited to some of
the portfolio (access.decisions.authorize decides; this only finds the reports). Each kind of
id a path may carry is followed to its report; an id that names nothing concerns no report
(the route then answers its own 404)."""

from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session, col, select

from app.access.scopes import ReportRef, Scope
from app.models import (
    Action,
    Evidence,
    EvidenceAttachment,
    EvidenceImport,
    Indicator,
    Recommendation,
    Report,
)
from app.schemas.evidence import MAX_ID

_REF = (col(Report.code), col(Report.entity))


def _by_report(ref: str) -> Any:
    if ref.isdigit():
        return select(*_REF).where(Report.id == (int(ref) if int(ref) <= MAX_ID else 0))
    return select(*_REF).where(Report.code == ref)


def _through(model: Any, column: Any) -> Callable[[str], Any]:
    """Reports reached by an id of `model`, whose `column` holds the report id."""

    def query(value: str) -> Any:
        found = int(value) if value.isdigit() and int(value) <= MAX_ID else 0
        return select(*_REF).join(model, column == col(Report.id)).where(model.id == found)

    return query


def _by_action(value: str) -> Any:
    found = int(value) if value.isdigit() and int(value) <= MAX_ID else 0
    return (
        select(*_REF)
        .join(Recommendation, col(Recommendation.report_id) == col(Report.id))
        .join(Action, col(Action.recommendation_id) == col(Recommendation.id))
        .where(Action.id == found)
    )


def _by_attachment(sha256: str) -> Any:
    """Every report holding the content: one of them in scope is enough to read it."""
    return (
        select(*_REF)
        .join(Evidence, col(Evidence.report_id) == col(Report.id))
        .join(EvidenceAttachment, col(EvidenceAttachment.evidence_id) == col(Evidence.id))
        .where(EvidenceAttachment.sha256 == sha256)
        .distinct()
    )


# Path parameter: (the reports it reaches, the answer the route gives when it names nothing).
_PATHS: dict[str, tuple[Callable[[str], Any], str]] = {
    "report_id": (_by_report, "no report with id or code {!r}"),
    "recommendation_id": (
        _through(Recommendation, col(Recommendation.report_id)),
        "no recommendation with id {}",
    ),
    "indicator_id": (_through(Indicator, col(Indicator.report_id)), "no indicator with id {}"),
    "evidence_id": (_through(Evidence, col(Evidence.report_id)), "no evidence with id {}"),
    "import_id": (_through(EvidenceImport, col(EvidenceImport.report_id)), "no import with id {}"),
    "action_id": (_by_action, "no action with id {}"),
    "sha256": (_by_attachment, "no attachment with SHA-256 {}"),
}


def reports_of_path(
    session: Session, path_params: Mapping[str, str]
) -> tuple[list[ReportRef], str] | None:
    """The reports a path concerns and the 404 its route gives for an id naming nothing; None
    when the path names no report."""
    for name, (query, unseen) in _PATHS.items():
        value = path_params.get(name)
        if value is None:
            continue
        value = str(value)
        rows = session.exec(query(value)).all()
        return [ReportRef(code, entity) for code, entity in rows], unseen.format(value)
    return None


def report_ids_within(scope: Scope) -> Any:
    """The ids of the reports a scope reaches, as a subquery for lists that answer within it."""
    query = select(col(Report.id))
    if scope.entities:
        query = query.where(col(Report.entity).in_(sorted(scope.entities)))
    if scope.reports:
        query = query.where(col(Report.code).in_(sorted(scope.reports)))
    return query
