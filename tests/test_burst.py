"""A burst far wider than the connection pool and the thread pool: every request is answered,
none starves waiting for a connection that a request waiting for a thread is holding."""

import asyncio
from pathlib import Path

import httpx

from tests.loops import run_apart
from tests.servers import bearer, prepare, serving

# Requests at once, against 4 connections and 40 worker threads.
BURST = 160


async def _burst(base: str, auth: dict[str, str], indicators: list[int]) -> list[int]:
    limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=BURST)
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=120, limits=limits) as http:

        async def one(n: int) -> int:
            indicator = indicators[n % len(indicators)]
            if n % 2:
                response = await http.post(
                    f"/api/v1/indicators/{indicator}/evidence", json={"title": f"Burst {n}"}
                )
            elif n % 4:  # what every open dashboard fetches after a change
                response = await http.get("/dashboard/reports/1/live")
            else:
                response = await http.get(f"/api/v1/indicators/{indicator}/status")
            return response.status_code

        return await asyncio.gather(*(one(n) for n in range(BURST)))


def test_a_burst_wider_than_the_pools_is_answered_in_full(tmp_path: Path) -> None:
    env = prepare(f"sqlite:///{tmp_path / 'burst.db'}")
    env["FOLLOWUP_DB_POOL_SIZE"] = "4"
    with serving(env, tmp_path / "server.log") as base:
        auth = bearer(env)
        report = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021", headers=auth).json()
        indicators = [i["id"] for r in report["recommendations"] for i in r["indicators"]]
        codes = run_apart(_burst(base, auth, indicators))
        assert codes.count(201) == BURST // 2, codes
        assert codes.count(200) == BURST // 2, codes
        written = sum(
            len(
                httpx.get(
                    f"{base}/api/v1/indicators/{i}/evidence",
                    params={"limit": 500},
                    headers=auth,
                ).json()["items"]
            )
            for i in indicators
        )
        assert written == BURST // 2
