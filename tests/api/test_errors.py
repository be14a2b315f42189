"""Every refusal is problem+json, names what is wrong, and writes nothing."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.assertions import assert_problem
from tests.builders import indicator_ids, post_evidence, recommendation_ids, signed

TOMORROW = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()


@pytest.fixture
def evidence_url(client: TestClient, seeded: int) -> str:
    return f"/api/v1/indicators/{indicator_ids(client)['R1.a']}/evidence"


def change_count(client: TestClient) -> int:
    ids = indicator_ids(client)
    return sum(
        client.get(f"/api/v1/indicators/{i}/evidence", params={"include": "all"}).json()["total"]
        for i in ids.values()
    )


@pytest.fixture
def nothing_written(client: TestClient, seeded: int) -> Iterator[None]:
    before = change_count(client)
    yield
    assert change_count(client) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"description": "no title"}, "body.title", id="missing title"),
        pytest.param({"title": "   "}, "body.title", id="blank title"),
        pytest.param({"title": "x" * 501}, "body.title", id="title over 500"),
        pytest.param(
            {"title": "t", "description": "x" * 20_001},
            "body.description",
            id="description over 20000",
        ),
        pytest.param(
            {"title": "t", "assessment": {"verdict": "great"}},
            "body.assessment.verdict",
            id="unknown verdict",
        ),
        pytest.param(
            {"title": "t", "effective_on": TOMORROW},
            "body.effective_on",
            id="effective_on in the future",
        ),
        pytest.param(
            {"title": "t", "effective_on": "2021-13-01"}, "body.effective_on", id="impossible date"
        ),
        pytest.param(
            {"title": "t", "source_url": "ftp://files.unodc.org/a.pdf"},
            "body.source_url",
            id="non-http url",
        ),
        pytest.param(
            {"title": "t", "source_url": "javascript:alert(1)"}, "body.source_url", id="script url"
        ),
        pytest.param(
            {"title": "t", "supersedes_id": 999999},
            "body.supersedes_id",
            id="unknown supersedes_id",
        ),
        pytest.param(
            {"title": "t", "unknown": 1, "external_id": ""},
            "body.external_id",
            id="empty external_id",
        ),
    ],
)
def test_invalid_evidence_is_422_and_nothing_is_written(
    client: TestClient, evidence_url: str, nothing_written: None, body: dict[str, Any], field: str
) -> None:
    assert_problem(client.post(evidence_url, json=body), 422, field)


def test_malformed_json_is_422(
    client: TestClient, evidence_url: str, nothing_written: None
) -> None:
    response = client.post(
        evidence_url, content=b'{"title": "t",', headers={"content-type": "application/json"}
    )
    body = assert_problem(response, 422)
    assert "not well-formed JSON" in body["detail"]


def test_a_body_over_one_mebibyte_is_413(
    client: TestClient, evidence_url: str, nothing_written: None
) -> None:
    response = client.post(evidence_url, json={"title": "t", "description": "x" * (1 << 20)})
    assert_problem(response, 413)


def test_a_chunked_body_over_the_limit_is_413(
    client: TestClient, evidence_url: str, nothing_written: None
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"title": "t", "description": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    response = client.post(
        evidence_url, content=chunks(), headers={"content-type": "application/json"}
    )
    assert_problem(response, 413)


def test_a_correction_of_another_indicators_evidence_is_422(
    client: TestClient, seeded: int
) -> None:
    ids = indicator_ids(client)
    other = post_evidence(client, ids["R2.a"])
    before = change_count(client)
    response = client.post(
        f"/api/v1/indicators/{ids['R1.a']}/evidence",
        json={"title": "t", "supersedes_id": other["id"]},
    )
    assert_problem(response, 422, "body.supersedes_id")
    assert change_count(client) == before


def test_correcting_twice_the_same_item_is_409(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R1.b"]
    first = post_evidence(client, ind)
    post_evidence(client, ind, supersedes_id=first["id"])
    response = client.post(
        f"/api/v1/indicators/{ind}/evidence", json={"title": "t", "supersedes_id": first["id"]}
    )
    body = assert_problem(response, 409)
    assert "is superseded by evidence" in body["detail"]


def test_a_reused_external_id_is_409(client: TestClient, seeded: int) -> None:
    ids = indicator_ids(client)
    post_evidence(client, ids["R1.a"], external_id="row-7")
    response = client.post(
        f"/api/v1/indicators/{ids['R3.a']}/evidence", json={"title": "t", "external_id": "row-7"}
    )
    assert_problem(response, 409)


def test_withdrawn_evidence_cannot_be_assessed_or_withdrawn_again(
    client: TestClient, seeded: int
) -> None:
    item = post_evidence(client, indicator_ids(client)["R1.a"])
    url = f"/api/v1/evidence/{item['id']}"
    assert client.post(f"{url}/withdrawal", json={"reason": "duplicate"}).status_code == 201
    assert_problem(client.post(f"{url}/withdrawal", json={"reason": "again"}), 409)
    assert_problem(client.post(f"{url}/assessments", json={"verdict": "meets"}), 409)
    assert_problem(client.post(f"{url}/withdrawal", json={}), 422, "body.reason")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports/999",
        "/api/v1/reports/no-such-report",
        "/api/v1/reports/999/status",
        "/api/v1/recommendations/999",
        "/api/v1/recommendations/999/status",
        "/api/v1/indicators/999",
        "/api/v1/indicators/999/status",
        "/api/v1/indicators/999/evidence",
        "/api/v1/evidence/999",
        "/api/v1/evidence/999/assessments",
        "/api/v1/actions/999",
        "/api/v1/nothing-here",
    ],
)
def test_unknown_ids_and_paths_are_404(client: TestClient, seeded: int, path: str) -> None:
    assert_problem(client.get(path), 404)


def test_posting_to_an_unknown_indicator_is_404(client: TestClient, seeded: int) -> None:
    assert_problem(client.post("/api/v1/indicators/999/evidence", json={"title": "t"}), 404)


@pytest.mark.parametrize("as_of", ["yesterday", "2026-02-30", "12:00"])
def test_a_bad_as_of_is_422(client: TestClient, seeded: int, as_of: str) -> None:
    response = client.get("/api/v1/reports/oios-unodc-2021/status", params={"as_of": as_of})
    assert_problem(response, 422, "query.as_of")


def test_an_over_long_token_name_is_422(client: TestClient, seeded: int) -> None:
    response = client.post("/api/v1/tokens", json={"name": "a" * 201, "role": "viewer"})
    assert_problem(response, 422, "body.name")


def test_a_non_accepting_response_needs_a_justification(client: TestClient, seeded: int) -> None:
    rec = recommendation_ids(client)["R3"]
    response = client.post(
        f"/api/v1/recommendations/{rec}/responses",
        json={"acceptance": "not_accepted", "text": {"en": "No."}},
    )
    assert_problem(response, 422, "body")
    listed = client.get(f"/api/v1/recommendations/{rec}/responses").json()
    assert listed["total"] == 1


def test_wrong_method_is_405_problem(client: TestClient, seeded: int) -> None:
    assert_problem(client.delete("/api/v1/evidence/1"), 405)


def test_an_impossible_as_of_is_422(client: TestClient, seeded: int) -> None:
    for path in ("/api/v1/reports/oios-unodc-2021/status", "/api/v1/indicators/1/status"):
        response = client.get(path, params={"as_of": "2026-01-01T25:00"})
        assert_problem(response, 422, "query.as_of")


@pytest.mark.parametrize("as_of", ["0001-01-01T00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_an_as_of_beyond_utc_is_clamped_to_its_edge(
    client: TestClient, seeded: int, as_of: str
) -> None:
    for path in ("/api/v1/reports/oios-unodc-2021/status", "/api/v1/indicators/1/status"):
        response = client.get(path, params={"as_of": as_of})
        assert response.status_code in (200, 404), response.text
        assert response.status_code != 500


@pytest.mark.parametrize("big", [2**31, 2**63, 10**32])
def test_ids_beyond_the_database_range_are_refused_cleanly(
    client: TestClient, evidence_url: str, nothing_written: None, big: int
) -> None:
    assert_problem(client.post(evidence_url, json={"title": "t", "supersedes_id": big}), 422)
    assert_problem(client.get(f"/api/v1/evidence/{big}"), 422 if big >= 2**31 else 404)
    assert_problem(client.get("/api/v1/reports/9999999999"), 404)


@pytest.mark.parametrize(
    "body",
    [
        {"title": "a\u0000b"},
        {"title": "t", "external_id": "\u0000"},
        {"title": "t", "assessment": {"verdict": "meets", "comment": "x\u0000"}},
    ],
)
def test_nul_characters_are_refused(
    client: TestClient, evidence_url: str, nothing_written: None, body: dict[str, Any]
) -> None:
    assert_problem(client.post(evidence_url, json=body), 422)


def test_json_nested_too_deep_is_422(
    client: TestClient, evidence_url: str, nothing_written: None
) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    response = client.post(evidence_url, content=body, headers={"content-type": "application/json"})
    assert_problem(response, 422, "body")


def test_a_token_name_is_recorded_as_the_author(client: TestClient, evidence_url: str) -> None:
    response = client.post(
        evidence_url, json={"title": "t"}, headers=signed(client, "Hélène Müller", "contributor")
    )
    assert response.json()["recorded_by"] == "Hélène Müller"


@pytest.mark.parametrize("field", ["state", "description", "responsible_unit"])
def test_an_action_field_cannot_be_nulled(client: TestClient, seeded: int, field: str) -> None:
    rec = recommendation_ids(client)["R1"]
    action = client.post(
        f"/api/v1/recommendations/{rec}/actions", json={"description": "Draft the strategy"}
    ).json()
    url = f"/api/v1/actions/{action['id']}"
    response = client.patch(
        url, json={field: None}, headers={"If-Match": client.get(url).headers["etag"]}
    )
    assert_problem(response, 422, "body")
    assert client.get(f"/api/v1/actions/{action['id']}").json() == action


def test_a_correction_cannot_add_an_external_id(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R1.a"]
    first = post_evidence(client, ind)
    response = client.post(
        f"/api/v1/indicators/{ind}/evidence",
        json={"title": "t", "supersedes_id": first["id"], "external_id": "late"},
    )
    assert_problem(response, 422, "body.external_id")
