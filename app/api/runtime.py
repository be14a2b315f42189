"""What the running application holds, built once at startup and handed to every request:
the one place that knows how its parts are wired together."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from app.api.capacity import HeavyWork, PoolWatch
from app.api.middleware.metrics import Metrics
from app.clock import Clock
from app.config import Settings
from app.db import Database
from app.services.indicator_directory import IndicatorDirectory
from app.services.token_cache import TokenCache
from app.status_reads.reads import StatusReads
from app.writes.unit_of_work import Committed
from app.writes.writer import Writer

# The key of the lifespan state under which each request finds the runtime.
STATE_KEY = "followup_runtime"


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    clock: Clock
    database: Database
    status: StatusReads
    writer: Writer
    tokens: TokenCache
    indicators: IndicatorDirectory
    metrics: Metrics
    heavy: HeavyWork
    pool: PoolWatch

    @staticmethod
    def start(settings: Settings, clock: Clock, metrics: Metrics) -> "Runtime":
        database = Database.from_settings(settings)
        tokens = TokenCache(clock)
        status = StatusReads(database, clock, on_tokens_moved=tokens.forget)

        def committed(what: Committed) -> None:
            # Every cache of the record in this process hears of the write before its answer
            # is sent: a client always reads its own writes.
            status.saw_write()
            if what.entities & {"token", "session"}:
                tokens.forget()

        metrics.watch(database)
        return Runtime(
            settings=settings,
            clock=clock,
            database=database,
            status=status,
            writer=Writer(database, clock, on_commit=committed),
            tokens=tokens,
            indicators=IndicatorDirectory(),
            metrics=metrics,
            heavy=HeavyWork(
                per_caller=settings.max_heavy_per_caller,
                per_process=settings.max_heavy_per_process,
            ),
            pool=PoolWatch(clock),
        )

    def stop(self) -> None:
        """Commit the writes still queued, then close the database's connections."""
        self.writer.close()
        self.database.dispose()


def runtime_of(scope: Any) -> Runtime | None:
    """The runtime a request runs in (None before the application has started)."""
    state = scope.get("state")
    found: Runtime | None = state.get(STATE_KEY) if state is not None else None
    return found


async def get_runtime(request: Request) -> Runtime:
    runtime = runtime_of(request.scope)
    if runtime is None:
        raise RuntimeError("the application has not started (no lifespan ran)")
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
