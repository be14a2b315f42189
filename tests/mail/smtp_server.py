"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it is sent: STARTTLS with a
certificate made for the test, and a login required before anything is accepted."""

import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.servers import free_port

USER, PASSWORD = "followup", "s3cret pass"


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.messages.append(parsed)
        return "250 OK"


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _authenticator(
    _server: Any, _session: Any, _envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(folder: Path, *, starttls: bool = True) -> Iterator[tuple[str, Path, Mailbox]]:
    """The server's URL for FOLLOWUP_SMTP_URL, the CA file that trusts it, and its mailbox.
    Without `starttls` it offers no encryption (and no login): a server a client must refuse."""
    cert, key = certificate(folder)
    box = Mailbox()
    port = free_port()
    options: dict[str, Any] = {}
    if starttls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        options = {
            "tls_context": context,
            "require_starttls": True,
            "authenticator": _authenticator,
            "auth_required": True,
            "auth_require_tls": True,
        }
    # A loaded machine (the suite runs beside servers of its own) may take a while to start it.
    controller = Controller(box, hostname="127.0.0.1", port=port, ready_timeout=30, **options)
    controller.start()
    try:
        credentials = f"{USER}:{PASSWORD.replace(' ', '%20')}@" if starttls else ""
        yield f"smtp://{credentials}127.0.0.1:{port}", cert, box
    finally:
        controller.stop()
