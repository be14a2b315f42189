"""Data versions: the newest change-log id, per report or overall. Every write appends to the
change log in its own transaction, so a version moves exactly when the data does, and every
app instance on the same database reads the same number."""

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from app.models import Change


def report_version(session: Session, report_id: int) -> int:
    newest = session.execute(
        select_columns(func.max(col(Change.id))).where(col(Change.report_id) == report_id)
    ).scalar()
    return int(newest or 0)


def global_version(session: Session) -> int:
    newest = session.execute(select_columns(func.max(col(Change.id)))).scalar()
    return int(newest or 0)
