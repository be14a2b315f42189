"""Sign-in and sign-out forms are taken only from followup's own pages (issue 13, finding 9):
another site cannot sign a browser in as someone else, or out."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


@pytest.fixture
def browser(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Origin": "https://evil.example"}, id="another origin"),
        pytest.param({"Origin": "null"}, id="an opaque origin"),
        pytest.param({"Sec-Fetch-Site": "cross-site"}, id="cross-site fetch"),
        pytest.param({"Sec-Fetch-Site": "same-site"}, id="a sibling site"),
    ],
)
def test_a_sign_in_from_another_site_is_refused(
    browser: TestClient, admin_token: str, headers: dict[str, str]
) -> None:
    for path in ("/login", "/logout"):
        response = browser.post(
            path, data={"token": admin_token}, headers=headers, follow_redirects=False
        )
        assert response.status_code == 403, (path, response.text)
        assert "set-cookie" not in response.headers


def test_a_sign_in_from_our_own_page_is_taken(browser: TestClient, admin_token: str) -> None:
    response = browser.post(
        "/login",
        data={"token": admin_token},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "followup_session=fs_" in response.headers["set-cookie"]
