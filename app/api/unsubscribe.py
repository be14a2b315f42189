"""The unsubscribe link every e-mail carries: no sign-in (the link is the key), a question and
one button, then the answer."""

import anyio
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.api.deps import SessionDep
from app.api.runtime import RuntimeDep
from app.dashboard.pages import new_nonce, security_headers
from app.mail.pages import unsubscribe_page
from app.services.subscriptions import subscription_of_link, unsubscribe

router = APIRouter(tags=["subscriptions"], include_in_schema=False)


def _page(body: str, status: int, nonce: str) -> HTMLResponse:
    headers = security_headers(nonce) | {"Cache-Control": "no-store"}
    return HTMLResponse(body, status_code=status, headers=headers)


@router.get("/unsubscribe/{token}", response_class=HTMLResponse)
def ask_to_leave(token: str, session: SessionDep) -> HTMLResponse:
    found = subscription_of_link(session, token)
    nonce = new_nonce()
    return _page(unsubscribe_page(found, done=False, nonce=nonce), 200 if found else 404, nonce)


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
async def leave(token: str, runtime: RuntimeDep) -> HTMLResponse:
    """The page's button, and mail providers' one-click unsubscribe (RFC 8058)."""
    nonce = new_nonce()

    def work() -> HTMLResponse:
        with runtime.database.read_session() as session:
            found = subscription_of_link(session, token)
            if found is None:
                return _page(unsubscribe_page(None, done=False, nonce=nonce), 404, nonce)
            subscription_id = found.id
            assert subscription_id is not None
            runtime.writer.run(
                session,
                f"unsubscribe link of {found.email}"[:200],
                lambda unit: unsubscribe(unit, subscription_id),
            )
            return _page(unsubscribe_page(found, done=True, nonce=nonce), 200, nonce)

    return await anyio.to_thread.run_sync(work)
