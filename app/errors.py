"""The service's expected failures. Each carries what its problem+json answer needs."""

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One thing wrong with the input: a field (or a spreadsheet cell) and what is wrong."""

    message: str
    field: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


class DomainError(Exception):
    status: int = 400
    type: str = "/problems/bad-request"
    title: str = "Bad request"

    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, detail: str, *, errors: list[ErrorDetail] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFound(DomainError):
    status = 404
    type = "/problems/not-found"
    title = "Not found"


class Invalid(DomainError):
    status = 422
    type = "/problems/validation"
    title = "The request is not valid"


class Conflict(DomainError):
    """The request is well formed but clashes with what is already recorded."""

    status = 409
    type = "/problems/conflict"
    title = "Conflict with the current record"


class PayloadTooLarge(DomainError):
    status = 413
    type = "/problems/payload-too-large"
    title = "Payload too large"


class Unauthorized(DomainError):
    status = 401
    type = "/problems/unauthorized"
    title = "Authentication required"
    headers: ClassVar[dict[str, str] | None] = {"WWW-Authenticate": 'Bearer realm="followup"'}


class Forbidden(DomainError):
    status = 403
    type = "/problems/forbidden"
    title = "Not allowed for this role"


class PreconditionFailed(DomainError):
    status = 412
    type = "/problems/precondition-failed"
    title = "The resource changed since you read it"


class PreconditionRequired(DomainError):
    status = 428
    type = "/problems/precondition-required"
    title = "If-Match is required"


class UnsupportedMediaType(DomainError):
    status = 415
    type = "/problems/unsupported-media-type"
    title = "Unsupported media type"


class TooManyRequests(DomainError):
    """The caller already runs as much heavy work as it may at once."""

    status = 429
    type = "/problems/too-many-requests"
    title = "Too many requests at once"
    headers: ClassVar[dict[str, str] | None] = {"Retry-After": "5"}


class Overloaded(DomainError):
    """The instance serves as many requests as it may: refused at once, not queued."""

    status = 503
    type = "/problems/overloaded"
    title = "Overloaded: try again shortly"
    headers: ClassVar[dict[str, str] | None] = {"Retry-After": "1"}


class FeatureUnavailable(DomainError):
    """This installation lacks what the request needs (e.g. the system libraries PDFs are
    drawn with); the rest of the service works."""

    status = 503
    type = "/problems/unavailable"
    title = "Not available on this installation"
