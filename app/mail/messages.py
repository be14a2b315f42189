"""The messages: a reminder of one event, or a week's digest, in the subscriber's language,
as plain text and HTML, with an unsubscribe link (and the one-click header of RFC 8058)."""

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.mail.digests import Digest
from app.mail.texts import kind_label, text
from app.models import Change, Subscription
from app.wording.terms import term

templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True, slots=True)
class Letterhead:
    """Who sends, and where the links point."""

    sender: str
    public_url: str

    def unsubscribe_url(self, subscription: Subscription) -> str:
        return f"{self.public_url.rstrip('/')}/unsubscribe/{subscription.unsubscribe_token}"

    def report_url(self, code: str) -> str:
        return f"{self.public_url.rstrip('/')}/?report={quote(code)}"


def scope_words(subscription: Subscription) -> str:
    names = [*subscription.scope_entities, *subscription.scope_reports]
    return ", ".join(names) if names else text(subscription.language, "scope.everything")


def _message(
    head: Letterhead,
    subscription: Subscription,
    delivery_id: int,
    subject: str,
    template: str,
    values: dict[str, Any],
) -> EmailMessage:
    language = subscription.language
    unsubscribe = head.unsubscribe_url(subscription)
    footer = text(language, "footer", email=subscription.email, scope=scope_words(subscription))
    shared = {
        **values,
        "lang": language,
        "t": lambda key, **kw: text(language, key, **kw),
        "footer": footer,
        "unsubscribe_url": unsubscribe,
    }
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = head.sender
    message["To"] = subscription.email
    # The same id on every attempt: a message sent again after a crash is known as one.
    host = urlsplit(head.public_url).hostname or "followup"
    message["Message-ID"] = f"<delivery-{delivery_id}@{host}>"
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(templates.get_template(f"{template}.txt").render(shared))
    message.add_alternative(
        templates.get_template(f"{template}.html").render(shared), subtype="html"
    )
    # After the parts: making them moves the Content-* headers set before into the first.
    message["Content-Language"] = language
    return message


def reminder(
    head: Letterhead, subscription: Subscription, delivery_id: int, event: Change
) -> EmailMessage:
    """One event: a progress report due, a target date near, a target date passed."""
    language, data = subscription.language, event.data
    day = date.fromisoformat(str(data["date"]))
    values = {
        "rec": data["recommendation"],
        "report": data["report"],
        "date": day.isoformat(),
        "days": (day - event.occurred_at.date()).days,
        "status": term(str(data.get("status", "")), language),
    }
    message = _message(
        head,
        subscription,
        delivery_id,
        text(language, f"subject.{event.kind}", **values),
        "reminder",
        {
            "sentence": text(language, f"body.{event.kind}", **values),
            "report_url": head.report_url(str(data["report"])),
        },
    )
    message["Date"] = format_datetime(event.occurred_at)
    return message


def digest(
    head: Letterhead, subscription: Subscription, delivery_id: int, found: Digest
) -> EmailMessage:
    """A week's changes in the subscriber's scope."""
    language = subscription.language
    week = found.week
    moved = [
        {
            "report": e.report,
            "rec": e.data.get("recommendation", ""),
            "before": term(str(e.data.get("previous_status") or ""), language),
            "after": term(str(e.data.get("status", "")), language),
        }
        for e in found.moved
    ]
    reminders = [
        {
            "report": e.report,
            "rec": e.data.get("recommendation", ""),
            "what": kind_label(language, e.kind),
            "date": e.data.get("date", ""),
        }
        for e in found.reminders
    ]
    counts = {
        report: [(kind_label(language, kind), n) for kind, n in kinds.items()]
        for report, kinds in found.counts.items()
    }
    return _message(
        head,
        subscription,
        delivery_id,
        text(language, "subject.digest", week=week.key, count=found.total),
        "digest",
        {
            "intro": text(
                language,
                "digest.intro",
                starts=week.starts.date().isoformat(),
                ends=week.ends.date().isoformat(),
            ),
            "moved": moved,
            "more_moved": found.more_moved,
            "reminders": reminders,
            "more_reminders": found.more_reminders,
            "counts": counts,
            "report_urls": {code: head.report_url(code) for code in found.counts},
        },
    )
