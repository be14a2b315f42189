"""What the benchmark serves from one uvicorn: followup itself, and at /__baseline a bare
FastAPI endpoint returning a small JSON object (the yardstick every figure is divided by)."""

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from app.main import create_app

BASELINE = "/__baseline"


def _bare() -> FastAPI:
    bare = FastAPI()

    @bare.get(BASELINE)
    async def baseline() -> dict[str, str]:
        return {"status": "ok"}

    return bare


class Dispatch:
    """Sends /__baseline to the bare app (none of followup's middleware), the rest to followup."""

    def __init__(self) -> None:
        self.followup = create_app()
        self.bare = _bare()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == BASELINE:
            await self.bare(scope, receive, send)
        else:
            await self.followup(scope, receive, send)


def create_bench_app() -> Dispatch:
    return Dispatch()
