"""Prometheus metrics: requests by route and status, latencies, and the size of the record."""

import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import Database
from app.models import Evidence, EvidenceImport, Report


class RecordCollector(Collector):
    """Counts read from the database at scrape time, so every instance reports the same."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        queries = {
            "followup_reports": ("Reports in the record.", Report.id),
            "followup_evidence_items": ("Evidence items recorded (every revision).", Evidence.id),
            "followup_imports": ("Committed spreadsheet imports.", EvidenceImport.id),
        }
        try:
            with self.database.read_session() as session:
                for name, (help_text, column) in queries.items():
                    total = session.execute(select_columns(func.count(col(column)))).scalar()
                    yield GaugeMetricFamily(name, help_text, value=float(total or 0))
        except SQLAlchemyError:
            return  # the database is down: /ready says so; metrics stay available


class Metrics:
    """One registry per application, so several apps in one process never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "followup_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "followup_http_request_duration_seconds",
            "Time to answer HTTP requests, by route template and method.",
            ["route", "method"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )

    def watch(self, database: Database) -> None:
        self.registry.register(RecordCollector(database))


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            # The route template (not the raw path) keeps the label set small.
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            self.metrics.requests.labels(route, method, str(status)).inc()
            self.metrics.latency.labels(route, method).observe(time.perf_counter() - started)
