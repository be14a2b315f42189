"""API tokens as created and listed (never with their secret, except once at creation)."""

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from app.access.names import normal_name
from app.access.roles import Role
from app.schemas.body import RequestBody

TokenName = Annotated[
    str,
    AfterValidator(normal_name),
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$"
    ),
    Field(
        description="Who uses the token; recorded as the author of its writes. NFKC; no "
        "invisible characters, no mix of look-alike scripts, not like another active name."
    ),
]


ScopeName = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]+$"
    ),
]


class TokenCreate(RequestBody):
    name: TokenName
    role: Role
    entities: list[ScopeName] = Field(
        default_factory=list,
        max_length=100,
        description="Limit the token to the reports of these entities (none: any entity).",
    )
    reports: list[ScopeName] = Field(
        default_factory=list,
        max_length=1000,
        description="Limit the token to these reports, by code (none: any report of its entities).",
    )


class TokenRead(BaseModel):
    id: int
    name: str
    role: Role
    prefix: str
    entities: list[str] = Field(description="Entities it is limited to (none: all).")
    reports: list[str] = Field(description="Reports it is limited to (none: all).")
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    revoked_by: str | None


class TokenIssued(TokenRead):
    token: str = Field(description="The secret: shown this once, stored only as a hash.")
