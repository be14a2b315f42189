"""Running wrk against 127.0.0.1 and reading its results (through a Lua `done` hook)."""

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUMMARY = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %f, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50": %f, "p90": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3))
end
"""


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    errors: int  # connect, read and write errors
    non_2xx_3xx: int
    timeouts: int
    p50_ms: float
    p90_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def combine(results: list[Result]) -> Result:
    """Several runs of the same load as one: counts added, latencies averaged."""
    n = len(results)
    return Result(
        requests=sum(r.requests for r in results),
        seconds=sum(r.seconds for r in results),
        errors=sum(r.errors for r in results),
        non_2xx_3xx=sum(r.non_2xx_3xx for r in results),
        timeouts=sum(r.timeouts for r in results),
        p50_ms=sum(r.p50_ms for r in results) / n,
        p90_ms=sum(r.p90_ms for r in results) / n,
        p99_ms=sum(r.p99_ms for r in results) / n,
    )


def run(
    url: str,
    *,
    connections: int,
    seconds: int,
    script: str = "",
    headers: dict[str, str] | None = None,
    threads: int = 2,
    timeout_s: int = 2,
) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script + SUMMARY)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout_s}s",
        "-s",
        lua.name,
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    Path(lua.name).unlink(missing_ok=True)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    return Result(
        requests=data["requests"],
        seconds=data["seconds"],
        errors=data["connect"] + data["read"] + data["write"],
        non_2xx_3xx=data["status"],
        timeouts=data["timeout"],
        p50_ms=data["p50"],
        p90_ms=data["p90"],
        p99_ms=data["p99"],
    )


def post_script(path: str, body: str, token: str) -> str:
    return f"""
wrk.method = "POST"
wrk.path = "{path}"
wrk.body = '{body}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""


def random_as_of_script(path: str, years: int = 5, *, known_at: bool = False) -> str:
    """Every request asks for another past moment, so none is answered from a cache; with
    `known_at`, each also reads the record as it stood at another moment between that one and
    now (what the tracker said then)."""
    known = (
        """
  local k = t + math.random(0, os.time() - t)
  query = query .. "&known_at=" .. os.date("!%Y-%m-%dT%H:%M:%SZ", k)"""
        if known_at
        else ""
    )
    return f"""
math.randomseed(os.time())
request = function()
  local t = os.time() - math.random(86400, {years} * 365 * 86400)
  local query = "?as_of=" .. os.date("!%Y-%m-%dT%H:%M:%SZ", t){known}
  return wrk.format(nil, "{path}" .. query)
end
"""
