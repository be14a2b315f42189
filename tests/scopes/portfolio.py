"""Two entities' reports, each with a record under it, and tokens limited to one of them."""

import json
from dataclasses import dataclass
from typing import Any

import yaml
from fastapi.testclient import TestClient

from tests.attachments.files import pdf
from tests.records import SEED_FILE

OURS, THEIRS = "oios-unodc-2021", "jiu-undp-2024"


def other_entitys_report() -> dict[str, Any]:
    """The seed report as another body's report on another entity."""
    data: dict[str, Any] = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    data["report"].update(code=THEIRS, entity="UNDP", oversight_body="JIU", symbol="JIU/REP/2024/1")
    # As JSON would carry it (YAML reads dates as dates).
    as_json: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return as_json


@dataclass(frozen=True)
class Record:
    """Ids of everything under one report, as a path would name them."""

    report_id: int
    recommendation_id: int
    indicator_id: int
    evidence_id: int
    action_id: int
    import_id: int
    sha256: str

    def path_values(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.__dict__.items()}


def record_under(client: TestClient, code: str, marker: str) -> Record:
    """Evidence (with a file), an action and an import under a report, written as its admin."""
    detail = client.get(f"/api/v1/reports/{code}").json()
    rec = detail["recommendations"][0]
    indicator = rec["indicators"][0]["id"]
    item = client.post(f"/api/v1/indicators/{indicator}/evidence", json={"title": marker})
    assert item.status_code == 201, item.text
    evidence = item.json()["id"]
    attached = client.post(
        f"/api/v1/evidence/{evidence}/attachments",
        files={"file": (f"{marker}.pdf", pdf(marker), "application/pdf")},
    )
    assert attached.status_code == 201, attached.text
    action = client.post(
        f"/api/v1/recommendations/{rec['id']}/actions", json={"description": marker}
    )
    assert action.status_code == 201, action.text
    imported = client.post(
        f"/api/v1/reports/{code}/imports",
        params={"dry_run": "false"},
        files={"file": ("e.csv", f"indicator,title\nR2.a,{marker} import\n", "text/csv")},
    )
    assert imported.status_code == 201, imported.text
    return Record(
        report_id=detail["id"],
        recommendation_id=rec["id"],
        indicator_id=indicator,
        evidence_id=evidence,
        action_id=action.json()["id"],
        import_id=imported.json()["import_id"],
        sha256=attached.json()[0]["sha256"],
    )


def portfolio_of_two(client: TestClient) -> tuple[Record, Record]:
    loaded = client.post("/api/v1/reports", json=other_entitys_report())
    assert loaded.status_code == 201, loaded.text
    return record_under(client, OURS, "ours"), record_under(client, THEIRS, "theirs")


def scoped_token(client: TestClient, name: str, role: str, **scope: list[str]) -> str:
    made = client.post("/api/v1/tokens", json={"name": name, "role": role, **scope})
    assert made.status_code == 201, made.text
    token: str = made.json()["token"]
    return token
