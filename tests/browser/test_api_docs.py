"""The interactive API documentation works offline, from the package's own assets, under a
Content-Security-Policy that lets nothing load from elsewhere (issue 13, finding 9)."""

import httpx
import pytest
from playwright.sync_api import Page, Request, expect


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("/docs", "#swagger-ui .opblock"),  # an operation of the API, rendered
        ("/redoc", "[data-section-id^='tag/'], [data-section-id^='operation/']"),
    ],
)
def test_the_api_documentation_renders_from_the_package_alone(
    page: Page, server: str, path: str, shows: str
) -> None:
    elsewhere: list[str] = []
    blocked: list[str] = []

    def note(request: Request) -> None:
        if not request.url.startswith(server) and not request.url.startswith(("blob:", "data:")):
            elsewhere.append(request.url)

    page.on("request", note)
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text and "cdn.redoc.ly" not in message.text
            else None
        ),
    )
    page.goto(server + path)
    expect(page.locator(shows).first).to_be_visible(timeout=20_000)
    # Only Redoc's "API docs by Redocly" logo reaches out, and the policy stops it.
    assert [url for url in elsewhere if "cdn.redoc.ly" not in url] == []
    assert blocked == []


def test_the_documentation_pages_name_no_other_origin(server: str) -> None:
    for path in ("/docs", "/redoc"):
        answer = httpx.get(server + path)
        assert answer.status_code == 200
        assert "https://" not in answer.text
        assert "http://" not in answer.text
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "default-src 'none'" in policy
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        assert httpx.get(f"{server}/docs/assets/{asset}").status_code == 200
