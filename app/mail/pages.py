"""The page an unsubscribe link opens: a question and one button (a link alone must not
unsubscribe: mail scanners follow links), then the answer. Mail providers' one-click
unsubscribe (RFC 8058) posts to the same address."""

from app.mail.messages import templates
from app.mail.texts import text
from app.models import Subscription
from app.schemas.subscriptions import MailLanguage


def unsubscribe_page(subscription: Subscription | None, *, done: bool, nonce: str) -> str:
    if subscription is None:  # unknown link: in both languages, not knowing the reader's
        languages = [MailLanguage.EN, MailLanguage.ZH]
        return templates.get_template("unsubscribe.html").render(
            lang="en",
            title=" / ".join(text(lang, "page.title") for lang in languages),
            lines=[text(lang, "page.unknown") for lang in languages],
            ask=False,
            nonce=nonce,
        )
    lang, email = subscription.language, subscription.email
    left = done or subscription.unsubscribed_at is not None
    return templates.get_template("unsubscribe.html").render(
        lang=lang,
        title=text(lang, "page.title"),
        lines=[text(lang, "page.done" if left else "page.ask", email=email)],
        ask=not left,
        button=text(lang, "page.button"),
        nonce=nonce,
    )
