"""The dashboard's HTML as served, and the metrics endpoint."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.migrate import upgrade
from tests.builders import indicator_ids, post_evidence
from tests.postgres import sqlite_url


def test_the_dashboard_is_self_contained_html_with_strict_headers(
    client: TestClient, seeded: int
) -> None:
    response = client.get("/", params={"lang": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    page = response.text
    assert f'<script nonce="{nonce.group(1)}">' in page
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    # Works offline: nothing is fetched from another origin.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert page.count('class="chip status no_evidence"') == 7


def test_the_language_follows_the_browser_unless_chosen(client: TestClient, seeded: int) -> None:
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert '<html lang="zh-Hans">' in chinese.text
    assert "尚未开始" in chinese.text
    english = client.get("/", params={"lang": "en"}, headers={"Accept-Language": "zh-CN"})
    assert '<html lang="en">' in english.text
    assert "Not started" in english.text


def test_an_indicator_fragment_lists_its_evidence(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R2.c"]
    item = post_evidence(client, ind, verdict="meets", title="Gender <marker> review")
    fragment = client.get(f"/dashboard/indicators/{ind}", params={"lang": "en"}).text
    assert f'data-evidence="{item["id"]}"' in fragment
    assert "Gender &lt;marker&gt; review" in fragment, "text is escaped"
    assert client.get("/dashboard/indicators/999").status_code == 404


def test_an_empty_database_shows_how_to_load_a_report(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "empty.db")
    upgrade(url)
    with TestClient(create_app(Settings(database_url=url, public_read=True))) as client:
        response = client.get("/", params={"lang": "en"})
    assert response.status_code == 200
    assert "followup load" in response.text


def test_metrics_count_requests_by_route_and_the_record(client: TestClient, seeded: int) -> None:
    post_evidence(client, indicator_ids(client)["R1.a"])
    client.get("/api/v1/reports/oios-unodc-2021/status")
    text = client.get("/metrics").text
    assert (
        'followup_http_requests_total{method="GET",route="/api/v1/reports/{report_id}/status",'
        'status="200"} 1.0'
    ) in text
    assert "followup_http_request_duration_seconds_bucket" in text
    assert "followup_evidence_items 1.0" in text
    assert "followup_imports 0.0" in text
