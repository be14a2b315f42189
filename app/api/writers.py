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
    """A request's write, in its own transaction on the request's session."""

    writer: Writer
    session: Session
    principal: Principal
    idempotency_record: int | None

    async def run(
        self,
        work: Callable[Concatenate[UnitOfWork, Params], Result],
        *args: Params.args,
        **kwargs: Params.kwargs,
    ) -> Result:
        """`work(unit, *args, **kwargs)` in a worker thread, committed; its result."""
        return await anyio.to_thread.run_sync(
            lambda: self.writer.run(
                self.session,
                self.principal.name,
                lambda unit: work(unit, *args, **kwargs),
                idempotency_record=self.idempotency_record,
            )
        )


@dataclass(frozen=True, slots=True)
class GroupWrite:
    """A request's write, committed with the others waiting at the same moment."""

    writer: Writer
    principal: Principal
    idempotency_record: int | None

    async def run(
        self,
        work: Callable[Concatenate[UnitOfWork, Params], Result],
        *args: Params.args,
        **kwargs: Params.kwargs,
    ) -> Result:
        return await self.writer.together(
            self.principal.name,
            lambda unit: work(unit, *args, **kwargs),
            idempotency_record=self.idempotency_record,
        )


@cache
def writing_as(role: Role) -> Callable[..., Awaitable[RequestWrite]]:
    async def bound(
        request: Request,
        runtime: RuntimeDep,
        session: SessionDep,
        principal: Annotated[Principal, Depends(require(role))],
    ) -> RequestWrite:
        return RequestWrite(runtime.writer, session, principal, idempotency_record_of(request))

    return bound


@cache
def writing_together_as(role: Role) -> Callable[..., Awaitable[GroupWrite]]:
    async def bound(
        request: Request,
        runtime: RuntimeDep,
        principal: Annotated[Principal, Depends(require(role))],
    ) -> GroupWrite:
        return GroupWrite(runtime.writer, principal, idempotency_record_of(request))

    return bound


ContributorWrite = Annotated[RequestWrite, Depends(writing_as(Role.CONTRIBUTOR))]
EvaluatorWrite = Annotated[RequestWrite, Depends(writing_as(Role.EVALUATOR))]
AdminWrite = Annotated[RequestWrite, Depends(writing_as(Role.ADMIN))]
ContributorGroupWrite = Annotated[GroupWrite, Depends(writing_together_as(Role.CONTRIBUTOR))]
