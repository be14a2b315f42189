"""The indicators a process remembers for writes: right, and read from the database once."""

from typing import Any, cast

import pytest
from sqlmodel import Session, select

from app.db import Database
from app.errors import NotFound
from app.models import Indicator
from app.services.indicator_directory import IndicatorDirectory, IndicatorRef


class NoDatabase:
    """A session that must not be used."""

    def exec(self, *_: Any) -> Any:
        raise AssertionError("the database was asked again")


def test_an_indicator_is_read_once_then_remembered(database: Database, seeded: int) -> None:
    directory = IndicatorDirectory()
    with database.read_session() as session:
        indicator = session.exec(select(Indicator).where(Indicator.code == "R2.b")).one()
        assert indicator.id is not None
        assert directory.peek(indicator.id) is None
        found = directory.find(session, indicator.id)
    assert found == IndicatorRef(indicator.id, seeded, indicator.recommendation_id, "R2.b")
    assert directory.peek(indicator.id) == found
    assert directory.find(cast(Session, NoDatabase()), indicator.id) == found


def test_an_unknown_indicator_is_not_found_and_not_remembered(
    database: Database, seeded: int
) -> None:
    directory = IndicatorDirectory()
    with database.read_session() as session, pytest.raises(NotFound):
        directory.find(session, 999_999)
    assert directory.peek(999_999) is None
