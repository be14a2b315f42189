"""The interactive API documentation (Swagger UI at /docs, ReDoc at /redoc), served with assets
shipped in the package: it works offline and under a Content-Security-Policy that lets nothing
load from elsewhere (the framework's default pages load unpinned scripts from a CDN).

The asset versions are pinned in app/api/docs_assets/VERSIONS; docs/operations.md says how
to update them."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

ASSETS = Path(__file__).resolve().parent / "docs_assets"
ASSETS_PATH = "/docs/assets"

# Both pages run only the package's own scripts; the UIs set inline styles and ReDoc searches
# in a worker it makes from a blob.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

router = APIRouter(include_in_schema=False)

SWAGGER_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>followup API</title>
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="{ASSETS_PATH}/swagger-start.js"></script>
</body>
</html>
"""

REDOC_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>followup API</title>
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<script src="{ASSETS_PATH}/redoc.standalone.js"></script>
</body>
</html>
"""


def _page(content: str) -> HTMLResponse:
    return HTMLResponse(
        content,
        headers={
            "Content-Security-Policy": CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return _page(SWAGGER_PAGE)


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return _page(REDOC_PAGE)


def assets() -> StaticFiles:
    """The assets, to be mounted at ASSETS_PATH."""
    return StaticFiles(directory=ASSETS)
