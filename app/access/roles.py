"""Roles, from least to most trusted; each may do everything the ones below it may."""

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"  # reads and status
    CONTRIBUTOR = "contributor"  # + record evidence, import spreadsheets, plan and update actions
    EVALUATOR = "evaluator"  # + assess, withdraw, respond, move target dates, close; read audit
    ADMIN = "admin"  # + tokens and loading reports


_RANK = {Role.VIEWER: 0, Role.CONTRIBUTOR: 1, Role.EVALUATOR: 2, Role.ADMIN: 3}


def allows(held: Role, needed: Role) -> bool:
    """A role allows what its own rank and every lower rank allow."""
    return _RANK[held] >= _RANK[needed]
