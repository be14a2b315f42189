"""Who may do what: the one authorization decision, made alike for every route and for the
early answers to status polls. Pure: the caller has already been identified."""

from dataclasses import dataclass

from app.access.roles import Role, allows
from app.errors import Forbidden, Unauthorized

# Methods that only read: the anonymous public (when reads are public) and the dashboard's
# sign-in cookie are good for these alone.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    role: Role


ANONYMOUS = Principal(name="anonymous", role=Role.VIEWER)


def authorize(
    principal: Principal | None, needed: Role, *, method: str, public_read: bool
) -> Principal:
    """The caller, if their role allows `needed`; an anonymous caller (None) may read when
    reads are public. Raises Unauthorized (no or unknown credentials) or Forbidden (a role
    too low)."""
    if principal is None:
        if needed is Role.VIEWER and public_read and method in READ_METHODS:
            return ANONYMOUS
        raise Unauthorized(f"this needs an API token with the {needed} role or higher")
    if not allows(principal.role, needed):
        raise Forbidden(
            f"{principal.name} has the {principal.role} role; this needs {needed} or higher"
        )
    return principal
