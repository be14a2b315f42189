"""The entities whose work oversight bodies report on (UNODC, a department) and the oversight
bodies themselves (OIOS, the JIU, an audit office): records of their own, named as report
files name them, so that tokens can be scoped to an entity and figures grouped by either."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Entity(SQLModel, table=True):
    __tablename__ = "entity"

    name: str = Field(primary_key=True, max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)


class OversightBody(SQLModel, table=True):
    __tablename__ = "oversight_body"

    name: str = Field(primary_key=True, max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)
