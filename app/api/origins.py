"""Whether a browser's form post comes from followup's own pages. A login or logout posted from
another site (login CSRF: signing the victim in as the attacker) is refused."""

from urllib.parse import urlsplit

from starlette.requests import Request

from app.errors import Forbidden


def same_origin(request: Request) -> bool:
    """True unless the browser says the request comes from elsewhere: `Sec-Fetch-Site` other
    than same-origin or none (typed or bookmarked), or an `Origin` whose host is not ours.
    Clients that send neither header (curl, scripts) are not browsers a page can misuse."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin == "null":  # a sandboxed frame or a privacy redirect: no page of ours
        return False
    # The host alone: behind a proxy that ends TLS, the page is https and the request http.
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def require_same_origin(request: Request) -> None:
    if not same_origin(request):
        raise Forbidden("this form may only be sent from followup's own pages")
