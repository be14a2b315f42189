"""One page of a query, with the total the whole query would give."""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from app.schemas.page import Page

Row = TypeVar("Row")
Item = TypeVar("Item")


def paginate(
    session: Session,
    query: SelectOfScalar[Row],
    *,
    limit: int,
    offset: int,
    order_by: tuple[Any, ...],
    read: Callable[[list[Row]], list[Item]],
) -> Page[Item]:
    total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    rows = list(session.exec(query.order_by(*order_by).limit(limit).offset(offset)).all())
    return Page[Item](items=read(rows), total=total, limit=limit, offset=offset)
