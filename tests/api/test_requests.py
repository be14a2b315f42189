"""Request ids, JSON logs, strict content types, and errors that reveal nothing inside."""

import json
import logging

import pytest
from fastapi.testclient import TestClient

from app.logs import JsonFormatter, request_id
from tests.assertions import assert_problem
from tests.builders import indicator_ids


def test_a_request_id_is_echoed_or_made(client: TestClient, seeded: int) -> None:
    given = client.get("/health", headers={"X-Request-ID": "trace-42.a"})
    assert given.headers["x-request-id"] == "trace-42.a"
    made = client.get("/health").headers["x-request-id"]
    assert len(made) == 32
    odd = client.get("/health", headers={"X-Request-ID": "no spaces or <tags>"})
    assert odd.headers["x-request-id"] != "no spaces or <tags>"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_json_endpoints_refuse_other_content_types(
    client: TestClient, seeded: int, content_type: str
) -> None:
    url = f"/api/v1/indicators/{indicator_ids(client)['R1.a']}/evidence"
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(url, content=b'{"title": "t"}', headers=headers)
    assert_problem(response, 415)


def test_an_unexpected_failure_is_a_bare_500_problem(
    client: TestClient, seeded: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr("app.api.reports.list_reports", broken)
    with TestClient(client.app, raise_server_exceptions=False) as fresh:
        fresh.headers.update(client.headers)
        response = fresh.get("/api/v1/reports")
    assert_problem(response, 500)
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text


def test_log_lines_are_json_with_the_request_id() -> None:
    token = request_id.set("abc123")
    try:
        record = logging.LogRecord("followup.access", logging.INFO, "", 0, "GET / 200", (), None)
        record.fields = {"status": 200}
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "abc123"
    assert line["message"] == "GET / 200"
    assert line["status"] == 200
    assert line["level"] == "info"
