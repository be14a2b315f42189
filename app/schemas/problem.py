"""RFC 9457 problem details, the one shape of every error answer."""

from pydantic import BaseModel, Field


class ProblemError(BaseModel):
    message: str
    field: str | None = Field(default=None, description="Where in the request, e.g. body.title.")
    row: int | None = Field(default=None, description="Spreadsheet row, header being row 1.")
    column: str | None = None
    value: str | None = None


class Problem(BaseModel):
    type: str = Field(description="A URI reference naming the kind of problem.")
    title: str
    status: int
    detail: str
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[ProblemError] = Field(default_factory=list)


PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """`responses=` for a route: the problem+json answers it may give."""
    descriptions = {
        401: "Not authenticated",
        403: "Not allowed for this role",
        404: "Not found",
        409: "Conflicts with the current record",
        413: "Payload too large",
        422: "Invalid request",
        429: "Too many imports or exports at once (see Retry-After)",
        503: "Not available on this installation",
    }
    return {
        status: {
            "model": Problem,
            "description": descriptions.get(status, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {}},
        }
        for status in statuses
    }
