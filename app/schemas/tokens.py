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


class TokenCreate(RequestBody):
    name: TokenName
    role: Role


class TokenRead(BaseModel):
    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    revoked_by: str | None


class TokenIssued(TokenRead):
    token: str = Field(description="The secret: shown this once, stored only as a hash.")
