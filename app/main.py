"""The ASGI application: create_app() wires settings, the runtime, routes, middleware and the
error handlers."""

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI

from app import __version__
from app.api import (
    action_forms,
    actions,
    attachments,
    audit,
    changes,
    dashboard,
    docs,
    evidence,
    evidence_forms,
    evidence_item_forms,
    exports,
    import_forms,
    imports,
    indicators,
    metrics,
    organisations,
    portfolio,
    recommendation_forms,
    recommendations,
    reports,
    search,
    subscriptions,
    system,
    tables,
    tokens,
    unsubscribe,
    webhooks,
)
from app.api.form_writes import SignInFirst, sign_in_first
from app.api.middleware.body_etags import BodyETagMiddleware
from app.api.middleware.body_limits import BodyLimitMiddleware, body_limit
from app.api.middleware.content_types import ContentTypeMiddleware
from app.api.middleware.early_status import EarlyStatusAnswers
from app.api.middleware.head_requests import HeadRequestMiddleware
from app.api.middleware.idempotency import IdempotencyMiddleware
from app.api.middleware.json_bodies import JsonBodyMiddleware
from app.api.middleware.metrics import Metrics, MetricsMiddleware
from app.api.middleware.request_log import RequestLogMiddleware
from app.api.middleware.shedding import LoadShedding
from app.api.middleware.write_credentials import WriteCredentialsMiddleware
from app.api.problems import install_problem_handlers
from app.api.runtime import STATE_KEY, Runtime
from app.clock import SYSTEM_CLOCK, Clock
from app.config import Settings, get_settings
from app.mail.mailer import Mailer
from app.mail.messages import Letterhead
from app.mail.smtp import SmtpServer
from app.notices.listeners import somebody_listens
from app.notices.watcher import Watcher
from app.webhooks.sender import Dispatcher

DESCRIPTION = """
followup tracks how an organisation carries out the recommendations of its oversight bodies:
reports, recommendations, performance indicators, management responses, follow-up actions and
the evidence recorded against each indicator. Compliance status is always derived from the
record, explained, and can be recomputed as of any past moment with `?as_of=`.

Every error is `application/problem+json` (RFC 9457).
"""

ROUTERS = (
    system,
    reports,
    organisations,
    portfolio,
    recommendations,
    indicators,
    evidence,
    attachments,
    actions,
    imports,
    exports,
    tables,
    changes,
    audit,
    tokens,
    webhooks,
    search,
    subscriptions,
    unsubscribe,
    dashboard,
    evidence_forms,
    evidence_item_forms,
    recommendation_forms,
    action_forms,
    import_forms,
    docs,
    metrics,
)


def create_app(settings: Settings | None = None, *, clock: Clock = SYSTEM_CLOCK) -> FastAPI:
    settings = settings or get_settings()
    registry = Metrics()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        runtime = Runtime.start(settings, clock, registry)
        # What startup built (the app, its routes, its schemas) lives as long as the process:
        # moved out of the collector's sight so full collections stay short, and the tail
        # latency of a busy server with them.
        gc.freeze()
        await asyncio.to_thread(runtime.status.prime)
        background = [
            asyncio.create_task(runtime.status.keep_fresh()),
            asyncio.create_task(runtime.pool.watch()),
        ]
        if settings.deliver_webhooks:
            schedule = [float(s) for s in settings.webhook_retry_seconds.split(",")]
            dispatcher = Dispatcher(
                runtime.database, clock, schedule, settings.webhook_poll_seconds
            )
            watcher = Watcher(
                runtime.database,
                runtime.status,
                clock,
                somebody_listens,
                settings.webhook_poll_seconds,
            )
            background += [
                asyncio.create_task(watcher.run()),
                asyncio.create_task(dispatcher.run()),
            ]
            if settings.smtp_url:
                mailer = Mailer(
                    runtime.database,
                    clock,
                    SmtpServer.parse(settings.smtp_url, settings.smtp_ca_file),
                    Letterhead(settings.smtp_from, settings.public_url),
                    schedule,
                    settings.webhook_poll_seconds,
                )
                background.append(asyncio.create_task(mailer.run()))
        try:
            yield {STATE_KEY: runtime}
        finally:
            for task in background:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            # Writes still queued are committed first, off the event loop.
            await asyncio.to_thread(runtime.stop)

    app = FastAPI(
        title="followup",
        version=__version__,
        summary="Follow-up of oversight recommendations, with explained compliance status.",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Served by app.api.docs from the package's own assets (offline, under a CSP).
        docs_url=None,
        redoc_url=None,
    )
    install_problem_handlers(app)
    app.add_exception_handler(SignInFirst, sign_in_first)
    # Added innermost first: a request passes them in the reverse order.
    app.add_middleware(BodyETagMiddleware)
    app.add_middleware(JsonBodyMiddleware)
    # Inside the body limit (which must see the bytes first), outside everything that writes.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(BodyLimitMiddleware, limit_for=body_limit(settings))
    # Writes by unknown callers end here, from their headers: no body read, no key claimed.
    app.add_middleware(WriteCredentialsMiddleware)
    # Past the early answers (a poll answered there never counts) and before anything costly.
    app.add_middleware(
        LoadShedding,
        limit=settings.max_in_flight,
        per_caller=settings.max_in_flight_per_caller,
    )
    # Current statuses for known readers, from memory, before the framework.
    app.add_middleware(EarlyStatusAnswers, enabled=settings.early_status_answers)
    app.add_middleware(HeadRequestMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=registry)
    app.add_middleware(ContentTypeMiddleware)
    app.add_middleware(RequestLogMiddleware)
    app.mount(docs.ASSETS_PATH, docs.assets(), name="docs-assets")
    for module in ROUTERS:
        # The routes themselves, not the routers: matching a request then walks one flat list
        # (measured: included routers cost several times the work per request).
        app.router.routes.extend(module.router.routes)
    return app
