"""A browser-like client signed in to the dashboard, and the CSRF token of its forms."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from app.access.roles import Role
from app.api.auth import COOKIE
from app.config import Settings
from app.db import Database
from app.main import create_app
from tests.records import issue

SAME_SITE = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


@contextmanager
def signed_in(settings: Settings, database: Database, name: str, role: str) -> Iterator[TestClient]:
    """A client holding only a dashboard session (no Authorization header), as a browser."""

    token = issue(database, name, Role(role))
    with TestClient(create_app(settings), headers=SAME_SITE) as client:
        answer = client.post("/login", data={"token": token}, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        assert client.cookies.get(COOKIE)
        yield client


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.by_id[str(found["id"])] = {"tag": tag, **found}


def element(page: str, element_id: str) -> dict[str, str | None]:
    """The attributes of the element with this id (its tag under "tag")."""
    parser = _Elements()
    parser.feed(page)
    assert element_id in parser.by_id, f"no element #{element_id}"
    return parser.by_id[element_id]
