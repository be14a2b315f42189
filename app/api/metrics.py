"""The Prometheus scrape endpoint."""

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.exposition import generate_latest

from app.api.runtime import RuntimeDep

router = APIRouter(tags=["system"])


@router.get("/metrics", response_class=Response, include_in_schema=False)
def metrics(runtime: RuntimeDep) -> Response:
    """Prometheus text format."""
    return Response(generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST)
