"""Who may do what: the one authorization decision, made alike for every route and for the
early answers to status polls. Pure: the caller has already been identified."""

from dataclasses import dataclass

from app.access.roles import Role, allows
from app.access.scopes import EVERYTHING, ReportRef, Scope
from app.errors import Forbidden, NotFound, Unauthorized

# Methods that only read: the anonymous public (when reads are public) and the dashboard's
# sign-in cookie are good for these alone.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    role: Role
    scope: Scope = EVERYTHING


ANONYMOUS = Principal(name="anonymous", role=Role.VIEWER)


def authorize(
    principal: Principal | None,
    needed: Role,
    *,
    method: str,
    public_read: bool,
    report: ReportRef | None = None,
    unseen: str = "not found",
    whole_portfolio: bool = False,
) -> Principal:
    """The caller, if their role allows `needed` and, when the request concerns a `report`,
    their scope covers it; an anonymous caller (None) may read when reads are public.

    Raises Unauthorized (no or unknown credentials), Forbidden (a role too low; a write
    outside the scope) or NotFound with `unseen`, the very answer a report that does not exist
    gets (a read outside the scope, unless reads are public: report codes must not leak).
    What concerns the `whole_portfolio` (tokens: who may reach what) needs an unlimited token."""
    if principal is None:
        if needed is Role.VIEWER and public_read and method in READ_METHODS:
            return ANONYMOUS
        raise Unauthorized(f"this needs an API token with the {needed} role or higher")
    if not allows(principal.role, needed):
        raise Forbidden(
            f"{principal.name} has the {principal.role} role; this needs {needed} or higher"
        )
    if whole_portfolio and not principal.scope.everything:
        raise Forbidden(
            f"{principal.name} is limited to {principal.scope.described()}; "
            "tokens are managed with a token of the whole portfolio"
        )
    if report is not None and not principal.scope.covers(report):
        if method not in READ_METHODS:
            raise Forbidden(
                f"{principal.name} may write only to {principal.scope.described()}; "
                f"report {report.code} is outside it"
            )
        if not public_read:
            raise NotFound(unseen)
    return principal
