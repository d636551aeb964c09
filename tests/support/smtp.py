"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, on a free port.

It keeps every message it receives, parsed, so a test reads what a mail client would get.
``stop()`` then ``start()`` on the same port plays a server that is down for a while.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.postgres import free_port


@dataclass
class Received:
    envelope_from: str
    recipients: list[str]
    message: EmailMessage

    def part(self, content_type: str) -> EmailMessage | None:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part  # type: ignore[return-value]
        return None

    def text(self) -> str:
        part = self.part("text/plain")
        return part.get_content() if part is not None else ""

    def html(self) -> str:
        part = self.part("text/html")
        return part.get_content() if part is not None else ""

    def calendar(self) -> bytes:
        part = self.part("text/calendar")
        assert part is not None, "no text/calendar part"
        return part.get_payload(decode=True)  # type: ignore[return-value]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.refused: set[str] = set()  # recipients answered "550", as an unknown mailbox

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          parsed))  # type: ignore[arg-type]
        return "250 Message accepted"


@dataclass
class SmtpServer:
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    inbox: _Inbox = field(default_factory=_Inbox)
    _controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[Received]:
        with self.inbox.lock:
            return list(self.inbox.messages)

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.recipients]

    def clear(self) -> None:
        with self.inbox.lock:
            self.inbox.messages.clear()
