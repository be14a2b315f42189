"""Entity tags and the conditional-request rules of RFC 9110: every ETag the service sends is
made here, and `If-None-Match` and `If-Match` are compared here, for every caller."""

import hashlib

# Clients may keep an answer but must ask again (cheaply, with If-None-Match) before using it.
NO_CACHE = "no-cache"


def opaque_tag(*parts: object) -> str:
    """A strong ETag naming what decides a representation (the parts), not its bytes."""
    raw = "|".join(str(part) for part in parts)
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:40] + '"'


def body_tag(body: bytes) -> str:
    """A strong ETag hashed from the representation itself."""
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def version_tag(kind: str, entity_id: int, version: int) -> str:
    """The ETag of one editable record at one version, as sent back in If-Match."""
    return f'"{kind}-{entity_id}-v{version}"'


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",")]


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when the client already holds `etag` (weak comparison; `*` matches): answer 304."""
    if not if_none_match:
        return False
    return any(tag in ("*", etag) for tag in _tags(if_none_match))


def match(if_match: str, etag: str) -> bool:
    """True when `If-Match` names `etag` (or `*`): the change may go ahead."""
    return any(tag in ("*", etag) for tag in _tags(if_match))
