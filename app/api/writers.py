"""The write a request may make: its unit of work bound to the caller (their name recorded as
the author, their Idempotency-Key's record) and carried out by the runtime's writer."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Concatenate, ParamSpec, TypeVar

import anyio
from fastapi import Depends, Request
from sqlmodel import Session

from app.access.decisions import Principal
from app.access.roles import Role
from app.api.auth import require
from app.api.deps import SessionDep
from app.api.middleware.idempotency import idempotency_record_of
from app.api.runtime import RuntimeDep
from app.writes.unit_of_work import UnitOfWork
from app.writes.writer import Writer

Params = ParamSpec("Params")
Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class RequestWrite:
    """A request's write: in its own transaction on the request's session, or (without one)
    committed with the other writes waiting at the same moment (see app.writes.committer)."""

    writer: Writer
    principal: Principal
    idempotency_record: int | None
    session: Session | None

    async def run(
        self,
        work: Callable[Concatenate[UnitOfWork, Params], Result],
        *args: Params.args,
        **kwargs: Params.kwargs,
    ) -> Result:
        """`work(unit, *args, **kwargs)`, committed; its result."""
        actor, record = self.principal.name, self.idempotency_record

        def bound(unit: UnitOfWork) -> Result:
            return work(unit, *args, **kwargs)

        if self.session is None:
            return await self.writer.together(actor, bound, idempotency_record=record)
        session = self.session
        return await anyio.to_thread.run_sync(
            lambda: self.writer.run(session, actor, bound, idempotency_record=record)
        )


@cache
def writing_as(role: Role) -> Callable[..., Awaitable[RequestWrite]]:
    """A write in its own transaction, by a caller whose role allows `role`."""

    async def bound(
        request: Request,
        runtime: RuntimeDep,
        session: SessionDep,
        principal: Annotated[Principal, Depends(require(role))],
    ) -> RequestWrite:
        record = idempotency_record_of(request)
        return RequestWrite(runtime.writer, principal, record, session)

    return bound


@cache
def writing_together_as(role: Role) -> Callable[..., Awaitable[RequestWrite]]:
    """A write committed in a group (Core statements only), by a caller whose role allows
    `role`; it needs no session of the request's."""

    async def bound(
        request: Request,
        runtime: RuntimeDep,
        principal: Annotated[Principal, Depends(require(role))],
    ) -> RequestWrite:
        return RequestWrite(runtime.writer, principal, idempotency_record_of(request), None)

    return bound


ContributorWrite = Annotated[RequestWrite, Depends(writing_as(Role.CONTRIBUTOR))]
EvaluatorWrite = Annotated[RequestWrite, Depends(writing_as(Role.EVALUATOR))]
AdminWrite = Annotated[RequestWrite, Depends(writing_as(Role.ADMIN))]
ContributorGroupWrite = Annotated[RequestWrite, Depends(writing_together_as(Role.CONTRIBUTOR))]
