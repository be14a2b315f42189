"""Crash safety: a server killed with SIGKILL mid-import or mid-burst loses no acknowledged
write and leaves no half import; a server stopped with SIGTERM finishes what it was doing."""

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import MakeDatabase
from tests.servers import bearer, free_port, prepare, server_process

ROWS = 200_000  # long enough to be mid-write seconds after it starts
CODES = ["R1.a", "R1.b", "R1.c", "R2.a", "R2.b", "R2.c", "R3.a"]


@pytest.fixture
def database_env(make_database: MakeDatabase) -> dict[str, str]:
    return prepare(make_database("crash"))


def big_csv(path: Path, rows: int = ROWS) -> Path:
    lines = ["indicator,title,external_id,verdict"]
    lines += [f"{CODES[n % 7]},Evidence item {n},crash-{n},meets" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_intact(database_url: str) -> None:
    """The database's own consistency checks pass."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                return
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
            indexes = connection.execute(
                text(
                    "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "JOIN pg_am a ON a.oid = c.relam "
                    "WHERE a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace"
                )
            ).scalars()
            for oid in indexes:  # raises if an index disagrees with its table
                connection.execute(text("SELECT bt_index_check(:oid, true)"), {"oid": oid})
            orphans = connection.exec_driver_sql(
                "SELECT count(*) FROM evidence e LEFT JOIN indicator i ON i.id = e.indicator_id "
                "WHERE i.id IS NULL"
            ).scalar()
            assert orphans == 0
    finally:
        engine.dispose()


def evidence_total(base: str, auth: dict[str, str]) -> int:
    with httpx.Client(base_url=base, headers=auth, timeout=30) as http:
        report = http.get("/api/v1/reports/oios-unodc-2021").json()
        return sum(
            http.get(
                f"/api/v1/indicators/{i['id']}/evidence", params={"include": "all", "limit": 1}
            ).json()["total"]
            for r in report["recommendations"]
            for i in r["indicators"]
        )


def start_import(base: str, auth: dict[str, str], sheet: Path, answers: list[int]) -> None:
    def upload() -> None:
        try:
            with sheet.open("rb") as stream:
                response = httpx.post(
                    f"{base}/api/v1/reports/oios-unodc-2021/imports",
                    params={"dry_run": "false"},
                    files={"file": (sheet.name, stream)},
                    headers=auth,
                    timeout=300,
                )
            answers.append(response.status_code)
        except httpx.TransportError:
            answers.append(0)

    threading.Thread(target=upload, daemon=True).start()


def test_an_import_killed_half_way_is_all_or_nothing(
    database_env: dict[str, str], tmp_path: Path
) -> None:
    auth, log, port = bearer(database_env), tmp_path / "server.log", free_port()
    sheet = big_csv(tmp_path / "big.csv")
    answers: list[int] = []
    with server_process(database_env, log, port) as (base, process):
        start_import(base, auth, sheet, answers)
        time.sleep(2.5)  # the file is uploaded and being written
        assert not answers, "the import must still be in flight when the server is killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    with server_process(database_env, log, port) as (base, _):
        total = evidence_total(base, auth)
        imports = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021/imports", headers=auth)
    assert total in (0, ROWS), f"{total} of {ROWS} rows: a half import"
    assert imports.json()["total"] == (1 if total else 0)
    if answers and answers[0] == 201:
        assert total == ROWS, "an acknowledged import must be whole"
    assert_intact(database_env["FOLLOWUP_DATABASE_URL"])


def test_a_burst_killed_loses_no_acknowledged_write(
    database_env: dict[str, str], tmp_path: Path
) -> None:
    auth, log, port = bearer(database_env), tmp_path / "server.log", free_port()
    acknowledged: list[int] = []
    stop = threading.Event()
    with server_process(database_env, log, port) as (base, process):
        report = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021", headers=auth).json()
        indicators = [i["id"] for r in report["recommendations"] for i in r["indicators"]]

        def writer(n: int) -> None:
            with httpx.Client(base_url=base, headers=auth, timeout=30) as http:
                k = 0
                while not stop.is_set():
                    k += 1
                    try:
                        response = http.post(
                            f"/api/v1/indicators/{indicators[(n + k) % 7]}/evidence",
                            json={"title": f"Burst {n}.{k}"},
                        )
                    except httpx.TransportError:
                        return
                    if response.status_code == 201:
                        acknowledged.append(response.json()["id"])

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert len(acknowledged) > 10, "the burst did write before the crash"
    with (
        server_process(database_env, log, port) as (base, _),
        httpx.Client(base_url=base, headers=auth, timeout=30) as http,
    ):
        missing = [
            ev for ev in acknowledged if http.get(f"/api/v1/evidence/{ev}").status_code != 200
        ]
    assert missing == [], f"{len(missing)} acknowledged writes lost"
    assert_intact(database_env["FOLLOWUP_DATABASE_URL"])


def gated_upload(
    base: str, auth: dict[str, str], sheet: Path, answers: list[int], gate: threading.Event
) -> threading.Event:
    """Upload `sheet` in two halves, holding the second until `gate` opens; returns an event
    set once the first half is sent. While it waits the request is in flight by construction,
    so stopping the server then tests draining without guessing how long an import takes."""
    boundary = "followup-crash-test"
    body = sheet.read_bytes()
    half_sent = threading.Event()

    def parts() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{sheet.name}"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        yield body[: len(body) // 2]
        half_sent.set()
        gate.wait(timeout=60)
        yield body[len(body) // 2 :]
        yield f"\r\n--{boundary}--\r\n".encode()

    def upload() -> None:
        try:
            response = httpx.post(
                f"{base}/api/v1/reports/oios-unodc-2021/imports",
                params={"dry_run": "false"},
                content=parts(),
                headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
                timeout=300,
            )
            answers.append(response.status_code)
        except httpx.TransportError:
            answers.append(0)

    threading.Thread(target=upload, daemon=True).start()
    return half_sent


def test_sigterm_lets_the_import_in_flight_finish(
    database_env: dict[str, str], tmp_path: Path
) -> None:
    auth, log = bearer(database_env), tmp_path / "server.log"
    sheet = big_csv(tmp_path / "big.csv", rows=12_000)
    answers: list[int] = []
    gate = threading.Event()
    with server_process(database_env, log) as (base, process):
        half_sent = gated_upload(base, auth, sheet, answers, gate)
        assert half_sent.wait(timeout=30)
        time.sleep(0.3)  # the server has read the headers and is reading the body
        process.send_signal(signal.SIGTERM)
        time.sleep(0.3)  # uvicorn has begun shutting down; the import is still in flight
        assert process.poll() is None
        assert not answers
        gate.set()
        # uvicorn drains, then re-raises the signal it caught: it ends by SIGTERM, not a crash.
        assert process.wait(timeout=120) in (0, -signal.SIGTERM)
    assert answers == [201], "the request in flight was answered before the server stopped"
    with server_process(database_env, log) as (base, _):
        assert evidence_total(base, auth) == 12_000
