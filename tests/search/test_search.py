"""Search finds reports, recommendations, indicators and evidence by their words, in Chinese
as in English, case-insensitively, and answers within the caller's scope only."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.builders import indicator_ids
from tests.scopes.portfolio import THEIRS, other_entitys_report, scoped_token


def found(client: TestClient, q: str, **params: Any) -> list[tuple[str, str, str]]:
    answer = client.get("/api/v1/search", params={"q": q, **params})
    assert answer.status_code == 200, answer.text
    return [(h["kind"], h["report"], h["code"]) for h in answer.json()["items"]]


def test_words_in_either_language_find_the_report_and_its_parts(
    client: TestClient, seeded: int
) -> None:
    assert ("report", "oios-unodc-2021", "oios-unodc-2021") in found(client, "内部监督事务厅")
    assert ("report", "oios-unodc-2021", "oios-unodc-2021") in found(client, "internal OVERSIGHT")
    hits = found(client, "成果框架", kind="recommendation")
    assert hits == [("recommendation", "oios-unodc-2021", "R1")]
    english = client.get("/api/v1/search", params={"q": "strategic plan", "kind": "recommendation"})
    hit = english.json()["items"][0]
    assert hit["code"] == "R1"
    assert hit["language"] == "en"
    assert hit["text"].startswith("UNODC should develop a strategic plan")
    assert hit["url"] == f"/api/v1/recommendations/{hit['id']}"
    assert client.get(hit["url"]).status_code == 200


def test_evidence_is_found_newest_first_and_wildcards_are_plain_characters(
    client: TestClient, seeded: int
) -> None:
    indicator = indicator_ids(client)["R1.a"]
    for title in ("Strategic plan 2021-2025, draft", "STRATEGIC PLAN adopted", "100% of offices"):
        made = client.post(f"/api/v1/indicators/{indicator}/evidence", json={"title": title})
        assert made.status_code == 201
    hits = found(client, "strategic plan", kind="evidence")
    assert [code for _, _, code in hits] == [
        "STRATEGIC PLAN adopted",
        "Strategic plan 2021-2025, draft",
    ]
    assert [code for _, _, code in found(client, "100%", kind="evidence")] == ["100% of offices"]
    assert found(client, "1_0", kind="evidence") == []
    limited = client.get("/api/v1/search", params={"q": "plan", "kind": "evidence", "limit": 1})
    assert limited.json()["more"] is True
    assert len(limited.json()["items"]) == 1


def test_a_scoped_token_finds_only_its_own_reports(client: TestClient, seeded: int) -> None:
    assert client.post("/api/v1/reports", json=other_entitys_report()).status_code == 201
    everything = {report for _, report, _ in found(client, "strategic plan")}
    assert everything == {"oios-unodc-2021", THEIRS}
    theirs = scoped_token(client, "undp-viewer", "viewer", entities=["UNDP"])
    client.headers["Authorization"] = f"Bearer {theirs}"
    assert {report for _, report, _ in found(client, "strategic plan")} == {THEIRS}
    assert found(client, "oios-unodc") == []


@pytest.mark.parametrize("q", ["", "x", " " * 5, "a\x00b", "y" * 201])
def test_a_query_that_cannot_be_searched_is_refused(client: TestClient, q: str) -> None:
    refused = client.get("/api/v1/search", params={"q": q})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"


def test_a_stranger_may_not_search(client: TestClient, seeded: int) -> None:
    del client.headers["Authorization"]
    assert client.get("/api/v1/search", params={"q": "plan"}).status_code == 401
