"""The dependency that holds one of the instance's slots for heavy work (a spreadsheet import
or export, a search) while a request runs: 429 with Retry-After when the caller, or the
instance, has as many running as it may (see capacity.HeavyWork)."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from app.access.decisions import ANONYMOUS, Principal
from app.api.auth import get_principal
from app.api.runtime import RuntimeDep

SEARCH = "/api/v1/search"


async def _heavy_slot(
    request: Request,
    runtime: RuntimeDep,
    principal: Annotated[Principal | None, Depends(get_principal)],
) -> AsyncIterator[None]:
    caller = (principal or ANONYMOUS).name
    what = (
        "import"
        if request.method == "POST"
        else "search"
        if request.url.path == SEARCH
        else "export"
    )
    with runtime.heavy.slot(caller, what):
        yield


HeavySlot = Depends(_heavy_slot)
