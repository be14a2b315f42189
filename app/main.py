"""The ASGI application: create_app() wires settings, database, routers and error handlers."""

import asyncio
import gc
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from app.api import (
    actions,
    audit,
    changes,
    dashboard,
    evidence,
    exports,
    imports,
    indicators,
    portfolio,
    recommendations,
    reports,
    system,
    tokens,
)
from app.api import metrics as metrics_routes
from app.api.auth import TokenCache
from app.api.conditional import ETagMiddleware
from app.api.fastlane import FastLane
from app.api.hygiene import HygieneMiddleware
from app.api.idempotency import IdempotencyMiddleware
from app.api.limits import BodyLimitMiddleware
from app.api.metrics import Metrics, MetricsMiddleware
from app.api.problems import install_problem_handlers
from app.committer import Committer
from app.config import Settings, get_settings
from app.db import Database
from app.services.board import StatusBoard
from app.services.status_cache import StatusCache
from app.services.targets import IndicatorDirectory

DESCRIPTION = """
followup tracks how an organisation carries out the recommendations of its oversight bodies:
reports, recommendations, performance indicators, management responses, follow-up actions and
the evidence recorded against each indicator. Compliance status is always derived from the
record, explained, and can be recomputed as of any past moment with `?as_of=`.

Every error is `application/problem+json` (RFC 9457).
"""


UPLOAD_PATH = re.compile(r"^/api/v1/reports/[^/]+/imports$")


def body_limit(settings: Settings) -> Callable[[str], int]:
    """Spreadsheet uploads may be large; every other body is small JSON."""

    def limit_for(path: str) -> int:
        return settings.max_upload_bytes if UPLOAD_PATH.match(path) else settings.max_body_bytes

    return limit_for


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = Database.from_settings(settings)
        app.state.committer = Committer(app.state.database.write_session)
        app.state.status_cache = StatusCache()
        app.state.board = StatusBoard(app.state.database, app.state.status_cache)
        app.state.token_cache = TokenCache()
        metrics.watch(app.state.database)
        # What startup built (the app, its routes, its schemas) lives as long as the process:
        # moved out of the collector's sight so full collections stay short, and the tail
        # latency of a busy server with them.
        gc.freeze()
        refresher = asyncio.create_task(app.state.database.versions.keep_fresh())
        try:
            yield
        finally:
            refresher.cancel()
            with suppress(asyncio.CancelledError):
                await refresher
            # Writes still queued are committed first, off the event loop.
            await asyncio.to_thread(app.state.committer.close)
            app.state.database.dispose()

    app = FastAPI(
        title="followup",
        version="0.1.0",
        summary="Follow-up of oversight recommendations, with explained compliance status.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.indicators = IndicatorDirectory()
    install_problem_handlers(app)
    metrics = Metrics()
    app.state.metrics = metrics
    app.add_middleware(ETagMiddleware)
    # Inside the body limit (which must see the bytes first), outside everything that writes.
    app.add_middleware(IdempotencyMiddleware, database=lambda: app.state.database)
    app.add_middleware(BodyLimitMiddleware, limit_for=body_limit(settings))
    # Current statuses for known readers, from memory, before the framework (see fastlane).
    app.add_middleware(FastLane, public_read=settings.public_read, state=app.state)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(HygieneMiddleware)
    for module in (
        system,
        reports,
        recommendations,
        indicators,
        evidence,
        actions,
        imports,
        exports,
        changes,
        portfolio,
        audit,
        tokens,
        dashboard,
        metrics_routes,
    ):
        # The routes themselves, not the routers: matching a request then walks one flat list
        # (measured: included routers cost several times the work per request).
        app.router.routes.extend(module.router.routes)
    return app
