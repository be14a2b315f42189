"""The SMTP server, as FOLLOWUP_SMTP_URL names it, and sending one message through it.

smtp:// upgrades with STARTTLS and refuses a server that does not offer it (credentials and
addresses never cross the network in clear), unless the URL says ?starttls=false (a relay on
the same host); smtps:// speaks TLS from the first byte. Certificates are checked, against
FOLLOWUP_SMTP_CA_FILE when it is set."""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str
    password: str
    ca_file: str = ""

    @staticmethod
    def parse(url: str, ca_file: str = "") -> "SmtpServer":
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("FOLLOWUP_SMTP_URL must be smtp://host[:port] or smtps://host[:port]")
        implicit = parts.scheme == "smtps"
        query = parse_qs(parts.query)
        starttls = not implicit and query.get("starttls", ["true"])[0].lower() != "false"
        return SmtpServer(
            host=parts.hostname,
            port=parts.port or (465 if implicit else 587),
            implicit_tls=implicit,
            starttls=starttls,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            ca_file=ca_file,
        )

    def _tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file or None)

    def send(self, message: EmailMessage) -> None:
        """Hand the message over (blocking); raises when the server did not take it."""
        client: smtplib.SMTP
        if self.implicit_tls:
            client = smtplib.SMTP_SSL(
                self.host, self.port, timeout=TIMEOUT_SECONDS, context=self._tls()
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
        with client:
            client.ehlo()
            if self.starttls:
                # Raises SMTPNotSupportedError when the server does not offer it: never in clear.
                client.starttls(context=self._tls())
                client.ehlo()
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)
