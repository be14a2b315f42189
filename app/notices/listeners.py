"""Whether anybody listens to what the watcher notices: a webhook that asked for one of its
kinds, or anybody subscribed to e-mails (reminders are such events; digests list the statuses
that moved). Looking costs a status computation per moved report: nobody listening, none."""

from sqlmodel import Session, col, select

from app.compliance.notices import NoticeKind
from app.models import Subscription, Webhook

NOTICE_KINDS = frozenset(str(kind) for kind in NoticeKind)


def somebody_listens(session: Session) -> bool:
    subscribed = session.exec(
        select(Subscription.id).where(col(Subscription.unsubscribed_at).is_(None)).limit(1)
    ).first()
    if subscribed is not None:
        return True
    hooks = session.exec(select(Webhook.kinds).where(col(Webhook.disabled_at).is_(None))).all()
    return any(NOTICE_KINDS.intersection(kinds) for kinds in hooks)
