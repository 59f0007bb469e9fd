"""A real SMTP server (aiosmtpd) on loopback for the outbox's tests, and Vigie's settings pointing at it."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import time

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from vigie.mail.sending import send_due_messages


class Collector:
    """Accepts every message and keeps its envelope."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


class Refusing(Collector):
    """Refuses every recipient with the given code (550: no such mailbox; 452: mailbox full)."""

    def __init__(self, code):
        super().__init__()
        self.code = code

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        return f"{self.code} Adresse refusée"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_settings(port, **more):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=2,
        **more,
    )


@contextlib.contextmanager
def smtp_server(handler, port):
    """The server running with `handler`, and the settings pointing at it."""
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtp_settings(port):
            yield handler
    finally:
        controller.stop()


def send_once_the_server_is_up(port, back_off: float = 1.2) -> tuple[Collector, int]:
    """After a try that failed (server down): start the server, wait for the back-off delay, run the worker (the
    re-enqueued try), then the safety net and the worker again. The collector, and what the safety net sent."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        time.sleep(back_off)
        call_command("worker", batch=True)
        sent_again = send_due_messages(now=timezone.now() + dt.timedelta(days=1))
        call_command("worker", batch=True)
    finally:
        controller.stop()
    return collector, sent_again
