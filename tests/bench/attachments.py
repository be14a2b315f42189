"""The attachment figure of `make bench`: a 200 MiB file (the limit raised to that by
configuration) attached over HTTP and downloaded again, with the server's peak memory measured
before and after. Contents stream through 1 MiB chunks, so the peak must not grow with the
file."""

import hashlib
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

import httpx

MIB = 1 << 20
SIZE_MIB = 200

Server = Callable[[dict[str, str]], AbstractContextManager[tuple[str, int]]]


@dataclass(frozen=True)
class Streamed:
    baseline_mb: float  # the server's peak after a 1 MiB file went through
    peak_mb: float  # its peak after the 200 MiB file went through
    upload_mb_s: float
    download_mb_s: float
    identical: bool


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pdf(path: Path, mib: int) -> str:
    """A file that starts as a PDF, `mib` MiB of random bytes; its SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        head = b"%PDF-1.7\n"
        out.write(head)
        digest.update(head)
        for _ in range(mib):
            block = os.urandom(MIB)
            out.write(block)
            digest.update(block)
    return digest.hexdigest()


def _round_trip(base: str, token: str, evidence_id: int, path: Path) -> tuple[float, float, str]:
    auth = {"Authorization": f"Bearer {token}"}
    size = path.stat().st_size / MIB
    started = perf_counter()
    with path.open("rb") as stream:
        sent = httpx.post(
            f"{base}/api/v1/evidence/{evidence_id}/attachments",
            files={"file": (path.name, stream, "application/pdf")},
            headers=auth,
            timeout=600,
        )
    uploaded = perf_counter() - started
    assert sent.status_code == 201, sent.text[:2000]
    url = sent.json()[0]["url"]
    digest = hashlib.sha256()
    started = perf_counter()
    with httpx.stream("GET", f"{base}{url}", headers=auth, timeout=600) as answer:
        assert answer.status_code == 200
        for chunk in answer.iter_bytes():
            digest.update(chunk)
    downloaded = perf_counter() - started
    return size / uploaded, size / downloaded, digest.hexdigest()


def measure(work: Path, server: Server, token: str, evidence_id: int) -> Streamed:
    small, large = work / "attachment-1mib.pdf", work / f"attachment-{SIZE_MIB}mib.pdf"
    _pdf(small, 1)
    expected = _pdf(large, SIZE_MIB)
    limit = {"FOLLOWUP_MAX_ATTACHMENT_BYTES": str((SIZE_MIB + 1) * MIB)}
    try:
        with server(limit) as (base, pid):
            _round_trip(base, token, evidence_id, small)
            baseline = _peak_mb(pid)
            up, down, digest = _round_trip(base, token, evidence_id, large)
            return Streamed(baseline, _peak_mb(pid), up, down, digest == expected)
    finally:
        small.unlink(missing_ok=True)
        large.unlink(missing_ok=True)
