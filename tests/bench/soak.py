"""The soak of issue 13: a `followup serve` (SQLite) under the hostile requests of the
adversarial probe, while 16 evaluators record evidence. Measured: every evaluator write's
latency, the server's resident memory, and what /ready says throughout. Bounded: 127.0.0.1
only, SOAK_SECONDS long.

The hostile side: XLSX uploads that once exploded into warnings (with Idempotency-Keys),
rows padded out to column ZZZ, a table of empty shared strings, anonymous 45 MB uploads,
anonymous writes with Idempotency-Keys, 150 stalled uploads, trickled headers, an endless
header, and repeated exports."""

import socket
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.hostile.workbooks import GOOD, HEADER, inline, rewritten, sheet_xml, valid
from tests.servers import bearer, prepare, server_process

SOAK_SECONDS = 45  # longer than the body idle timeout, so stalled uploads are cut off
EVALUATORS = 16
STALLED = 150
TRICKLING = 50
REPORT = "oios-unodc-2021"


def _column(n: int) -> str:
    """The spreadsheet name of the n-th column (0: A)."""
    name = ""
    n += 1
    while n:
        n, left = divmod(n - 1, 26)
        name = chr(65 + left) + name
    return name


def _sst(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{items}</sst>"
    ).encode()


def warning_bomb() -> bytes:
    """400 unknown header cells, each the same 1 MB shared string (finding 1)."""
    known = "".join(inline(f"{_column(n)}1", name) for n, name in enumerate(HEADER))
    unknown = "".join(f'<c r="{_column(n)}1" t="s"><v>0</v></c>' for n in range(4, 404))
    data = "<row r='2'>" + "".join(inline(f"{_column(n)}2", value) for n, value in enumerate(GOOD))
    rows = f'<row r="1">{known}{unknown}</row>{data}</row>'
    return rewritten(
        valid(),
        {
            "xl/sharedStrings.xml": lambda _: _sst("<si><t>" + "w" * 2**20 + "</t></si>"),
            "xl/worksheets/sheet1.xml": lambda _: sheet_xml(rows),
        },
    )


def wide_rows() -> bytes:
    """70,000 rows whose one cell sits at column ZZZ (finding 2)."""
    header = '<row r="1">' + "".join(
        inline(f"{_column(n)}1", name) for n, name in enumerate(HEADER)
    )
    padded = "".join(f'<row r="{n}"><c r="ZZZ{n}"/></row>' for n in range(2, 70_002))
    rows = header + "</row>" + padded
    return rewritten(valid(), {"xl/worksheets/sheet1.xml": lambda _: sheet_xml(rows)})


def empty_strings() -> bytes:
    """A table of two million empty shared strings (finding 2)."""
    return rewritten(valid(), {"xl/sharedStrings.xml": lambda _: _sst("<si/>" * 2_000_000)})


@dataclass
class Soak:
    write_seconds: list[float] = field(default_factory=list)
    write_failures: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    ready: list[tuple[int, float, str]] = field(default_factory=list)  # status, s, detail
    hostile: dict[str, int] = field(default_factory=dict)  # requests made, by kind
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, kind: str) -> None:
        with self.lock:
            self.hostile[kind] = self.hostile.get(kind, 0) + 1

    @property
    def worst_write(self) -> float:
        return max(self.write_seconds, default=float("inf"))

    @property
    def p99_write(self) -> float:
        if len(self.write_seconds) < 2:
            return self.worst_write
        return statistics.quantiles(self.write_seconds, n=100)[98]

    @property
    def ready_truthful(self) -> bool:
        """Every poll answered (within 2 s); a 503 only for a saturated worker pool."""
        return bool(self.ready) and all(
            seconds <= 2 and (status == 200 or (status == 503 and "worker thread" in detail))
            for status, seconds, detail in self.ready
        )


def _loop(stop: threading.Event, body: Callable[[], None]) -> None:
    while not stop.is_set():
        try:
            body()
        except (httpx.HTTPError, OSError):
            time.sleep(0.05)  # refused or cut off: the point of the exercise


def _evaluator(base: str, secret: str, soak: Soak, stop: threading.Event) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {secret}"}) as client:
        n = 0
        while not stop.is_set():
            n += 1
            started = time.perf_counter()
            try:
                answer = client.post(
                    "/api/v1/indicators/1/evidence", json={"title": f"Soak {n}"}, timeout=30
                )
                failed = None if answer.status_code == 201 else f"{answer.status_code}"
            except httpx.HTTPError as exc:
                failed = type(exc).__name__
            elapsed = time.perf_counter() - started
            with soak.lock:
                soak.write_seconds.append(elapsed)
                if failed is not None:
                    soak.write_failures.append(failed)


def _upload(base: str, secret: str, content: bytes, soak: Soak, kind: str) -> Callable[[], None]:
    def once() -> None:
        soak.count(kind)
        httpx.post(
            f"{base}/api/v1/reports/{REPORT}/imports",
            params={"dry_run": "false"},
            files={"file": (f"{kind}.xlsx", content)},
            headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": str(uuid.uuid4())},
            timeout=120,
        )

    return once


def _anonymous_upload(base: str, soak: Soak) -> Callable[[], None]:
    def chunks() -> Iterator[bytes]:
        for _ in range(45):
            yield b"x" * 2**20

    def once() -> None:
        soak.count("anonymous 45 MB upload")
        httpx.post(
            f"{base}/api/v1/reports/{REPORT}/imports",
            content=chunks(),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
            timeout=60,
        )

    return once


def _anonymous_keyed_write(base: str, soak: Soak) -> Callable[[], None]:
    def once() -> None:
        soak.count("anonymous write with a key")
        httpx.post(
            f"{base}/api/v1/indicators/1/evidence",
            json={"title": "x"},
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        )

    return once


def _export(base: str, secret: str, soak: Soak) -> Callable[[], None]:
    def once() -> None:
        soak.count("export.xlsx")
        httpx.get(
            f"{base}/api/v1/reports/{REPORT}/export.xlsx",
            headers={"Authorization": f"Bearer {secret}"},
            timeout=60,
        )

    return once


def _endless_header(address: tuple[str, int], soak: Soak) -> Callable[[], None]:
    def once() -> None:
        soak.count("endless header")
        with socket.create_connection(address, timeout=10) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ")
            for _ in range(4096):  # 256 MiB, if the server let it
                sock.sendall(b"a" * 65536)

    return once


def _held_open(
    address: tuple[str, int], opening: bytes, count: int, trickle: bytes, soak: Soak, kind: str
) -> Callable[[], None]:
    """`count` connections that send `opening`, then `trickle` now and then, never finishing;
    each one the server closes is opened again."""
    held: list[socket.socket] = []

    def once() -> None:
        for sock in list(held):
            try:
                # Anything from the server (its 408, or the connection closed) ends it.
                sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                ended = True
            except BlockingIOError:
                ended = False
            except OSError:
                ended = True
            if not ended and trickle:
                try:
                    sock.sendall(trickle)
                except OSError:
                    ended = True
            if ended:
                held.remove(sock)
                sock.close()
        while len(held) < count:
            soak.count(kind)
            sock = socket.create_connection(address, timeout=10)
            sock.sendall(opening)
            held.append(sock)
        time.sleep(0.5)

    return once


def _watch(pid: int, base: str, soak: Soak, stop: threading.Event) -> None:
    next_ready = 0.0
    while not stop.is_set():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                soak.peak_rss_mb = max(soak.peak_rss_mb, int(line.split()[1]) / 1024)
        if time.monotonic() >= next_ready:
            next_ready = time.monotonic() + 0.5
            started = time.perf_counter()
            try:
                answer = httpx.get(f"{base}/ready", timeout=10)
                detail = "" if answer.status_code == 200 else answer.json().get("detail", "")
                soak.ready.append((answer.status_code, time.perf_counter() - started, detail))
            except httpx.HTTPError as exc:
                soak.ready.append((0, time.perf_counter() - started, type(exc).__name__))
        time.sleep(0.1)


def soak(work: Path) -> Soak:
    database = work / "soak.db"
    database.unlink(missing_ok=True)
    env = prepare(f"sqlite:///{database}")
    admin = bearer(env)
    result = Soak()
    with server_process(env, work / "soak.log") as (base, process):
        host, port = base.removeprefix("http://").split(":")
        address = (host, int(port))

        def token(name: str, role: str) -> str:
            made = httpx.post(
                f"{base}/api/v1/tokens", json={"name": name, "role": role}, headers=admin
            )
            made.raise_for_status()
            secret: str = made.json()["token"]
            return secret

        evaluators = [token(f"evaluator-{n}", "evaluator") for n in range(EVALUATORS)]
        intruder = token("intruder", "contributor")
        stalled_upload = (
            f"POST /api/v1/reports/{REPORT}/imports?dry_run=false HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: Bearer {intruder}\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000\r\n\r\n"
            "--b\r\n"
        ).encode()
        hostile = [
            _upload(base, intruder, warning_bomb(), result, "warning bomb"),
            _upload(base, intruder, wide_rows(), result, "rows out to ZZZ"),
            _upload(base, intruder, empty_strings(), result, "empty shared strings"),
            *[_anonymous_upload(base, result) for _ in range(5)],
            _anonymous_keyed_write(base, result),
            _anonymous_keyed_write(base, result),
            _export(base, intruder, result),
            _endless_header(address, result),
            _held_open(address, stalled_upload, STALLED, b"", result, "stalled upload"),
            _held_open(
                address, b"GET /health HTTP/1.1\r\n", TRICKLING, b"X", result, "trickled header"
            ),
        ]
        stop = threading.Event()
        threads = [
            threading.Thread(target=_loop, args=(stop, body), daemon=True) for body in hostile
        ]
        threads += [
            threading.Thread(target=_evaluator, args=(base, s, result, stop), daemon=True)
            for s in evaluators
        ]
        threads.append(
            threading.Thread(target=_watch, args=(process.pid, base, result, stop), daemon=True)
        )
        for thread in threads:
            thread.start()
        time.sleep(SOAK_SECONDS)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    return result


def describe(result: Soak) -> str:
    """The hostile requests made, for the record."""
    return ", ".join(f"{kind} x{n:,}" for kind, n in sorted(result.hostile.items()))


if __name__ == "__main__":
    work = Path(".bench")
    work.mkdir(exist_ok=True)
    found = soak(work)
    print(f"evaluator writes: {len(found.write_seconds):,}, failures {len(found.write_failures)}")
    print(f"worst {found.worst_write:.2f} s, p99 {found.p99_write:.2f} s")
    print(f"peak RSS {found.peak_rss_mb:.0f} MB; ready truthful: {found.ready_truthful}")
    print(f"ready answers: {sorted({s for s, _, _ in found.ready})}")
    print(describe(found))
