"""`followup token create --entity ... --report ...`: a scoped token from the command line,
refused when the scope names what does not exist; its scope holds over HTTP."""

from pathlib import Path

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.records import SEED_FILE
from tests.test_cli import run


def test_a_scoped_token_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run(url, "db", "upgrade").returncode == 0
    assert run(url, "load", str(SEED_FILE)).returncode == 0
    typo = run(url, "token", "create", "--name", "x", "--role", "viewer", "--entity", "UNDOC")
    assert typo.returncode == 1
    assert "UNDOC" in typo.stderr
    made = run(
        url,
        "token",
        "create",
        "--name",
        "focal.point",
        "--role",
        "contributor",
        "--entity",
        "UNODC",
        "--report",
        "oios-unodc-2021",
        "--quiet",
    )
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    with TestClient(create_app(Settings(database_url=url))) as client:
        listed = client.get("/api/v1/reports", headers={"Authorization": f"Bearer {token}"})
        assert [r["code"] for r in listed.json()["items"]] == ["oios-unodc-2021"]
    shown = run(url, "token", "list")
    assert "UNODC" in shown.stdout
