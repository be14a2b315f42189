"""API tokens. Only a hash of each token is kept; the token itself is shown once."""

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.access.roles import Role
from app.models.base import StrEnumType, UTCDateTime


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    # The name is what the record shows as the author of every write made with the token.
    name: str = Field(max_length=200, index=True)
    role: Role = Field(sa_type=StrEnumType(Role))
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(
        max_length=16, description="The token's first characters, to tell it apart."
    )
    # What the token reaches (see access.scopes): the reports of these entities, among these
    # report codes; both empty, the whole portfolio.
    scope_entities: list[str] = Field(
        default_factory=list, sa_type=JSON, sa_column_kwargs={"server_default": "[]"}
    )
    scope_reports: list[str] = Field(
        default_factory=list, sa_type=JSON, sa_column_kwargs={"server_default": "[]"}
    )
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by: str | None = Field(default=None, max_length=200)
