"""A real SMTP server on loopback for the tests (aiosmtpd): it collects what it is sent, can
refuse messages, and can be stopped and started again on the same port (a server that is
down, then returns)."""

from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


@dataclass
class Delivered:
    to: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        """The text as a reader takes it in: line breaks and runs of spaces as single spaces."""
        return " ".join(self.message.get_content().split())

    def links(self) -> list[str]:
        return LINK.findall(self.body)

    def link(self, containing: str) -> str:
        found = [url for url in self.links() if containing in url]
        assert len(found) == 1, (containing, self.links())
        return found[0]


class _Handler:
    def __init__(self, server: SmtpServer):
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):
        if self.server.refusing:
            return "451 4.3.0 Try again later"
        delivered = Delivered(list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default))
        with self.server.lock:
            self.server.delivered.append(delivered)
        return "250 OK"


class SmtpServer:
    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.delivered: list[Delivered] = []
        self.lock = threading.Lock()
        self.refusing = False
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[Delivered]:
        with self.lock:
            return [d for d in self.delivered if address in d.to]

    def one_to(self, address: str, subject_has: str = "") -> Delivered:
        found = [d for d in self.to(address) if subject_has in d.subject]
        assert len(found) == 1, (address, subject_has, [d.subject for d in self.to(address)])
        return found[0]

    def everything(self) -> list[Delivered]:
        with self.lock:
            return list(self.delivered)

    def config(self) -> dict:
        """The app settings that send to this server."""
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_TIMEOUT": 5,
                "MAIL_DEFAULT_SENDER": "IPN Registry <registry@example.org>", "MAIL_TRUST_UNCONFIRMED": False}
