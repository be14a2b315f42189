"""The entities and oversight bodies of the portfolio, each with how many reports name it."""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.access.scopes import EVERYTHING, Scope
from app.models import Entity, OversightBody, Report
from app.schemas.organisation import OrganisationRead
from app.schemas.page import Page
from app.services.paging import paginate
from app.services.scopes import report_ids_within


def _organisations(rows: list[Any]) -> list[OrganisationRead]:
    return [OrganisationRead(name=str(name), reports=int(count)) for name, count in rows]


def _listed(
    session: Session, model: Any, column: Any, *, within: Scope, limit: int, offset: int
) -> Page[OrganisationRead]:
    """Names with their report counts; within a scope, only those of the reports it reaches."""
    reports = select(column.label("name"), func.count(col(Report.id)).label("reports"))
    if not within.everything:
        reports = reports.where(col(Report.id).in_(report_ids_within(within)))
    counted = reports.group_by(column).subquery()
    query = select(model.name, func.coalesce(counted.c.reports, 0)).outerjoin(
        counted, counted.c.name == model.name
    )
    if not within.everything:
        query = query.where(counted.c.reports > 0)
    return paginate(
        session,
        query,  # type: ignore[arg-type]
        limit=limit,
        offset=offset,
        order_by=(model.name,),
        read=_organisations,
    )


def list_entities(
    session: Session, *, limit: int, offset: int, within: Scope = EVERYTHING
) -> Page[OrganisationRead]:
    return _listed(session, Entity, col(Report.entity), within=within, limit=limit, offset=offset)


def list_oversight_bodies(
    session: Session, *, limit: int, offset: int, within: Scope = EVERYTHING
) -> Page[OrganisationRead]:
    return _listed(
        session,
        OversightBody,
        col(Report.oversight_body),
        within=within,
        limit=limit,
        offset=offset,
    )
