"""Whether anybody listens to what the watcher notices: a webhook that asked for one of its
kinds. (Looking costs a status computation per moved report; nobody listening, none is made.)"""

from sqlmodel import Session, col, select

from app.compliance.notices import NoticeKind
from app.models import Webhook

NOTICE_KINDS = frozenset(str(kind) for kind in NoticeKind)


def somebody_listens(session: Session) -> bool:
    hooks = session.exec(select(Webhook.kinds).where(col(Webhook.disabled_at).is_(None))).all()
    return any(NOTICE_KINDS.intersection(kinds) for kinds in hooks)
