"""Workers killed with SIGKILL while sending: real `vigie worker` processes, a real SMTP server (aiosmtpd), the
test's own database (SQLite in a file, or PostgreSQL). Two workers each hold an e-mail in the middle of its sending
when they are killed; a third one, started with --no-schedule, delivers every message exactly once, and no task row
stays RUNNING. Short timeouts (heartbeat 1 s, lost after 3 s) keep it within seconds; the claim keeps its 10
minutes, so the messages are not merely waited out."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.mail.smtp import Collector, free_port
from vigie.core.models import WorkerHeartbeat
from vigie.mail.models import OutboxMessage
from vigie.mail.services import queue_message

VIGIE = Path(sys.executable).with_name("vigie")
TASKS, OUTBOX = DBTaskResult._meta.db_table, OutboxMessage._meta.db_table
HEARTBEATS = WorkerHeartbeat._meta.db_table
RECIPIENTS = [f"usager{n}@example.org" for n in range(6)]


class Holding(Collector):
    """Holds the DATA of the first `hold` messages unanswered (the sender waits, as on a slow server) until
    `release`; then answers them « 451 » — their sender is dead by then: nothing was delivered. Only the messages
    answered « 250 » are kept."""

    def __init__(self, hold: int):
        super().__init__()
        self.hold = hold
        self.held: list[list[str]] = []
        self.released = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if len(self.held) < self.hold and not self.released.is_set():
            self.held.append(envelope.rcpt_tos)
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Réessayez plus tard"
        self.messages.append(envelope)
        return "250 OK"


class SharedDatabase:
    """The test's database, reachable by other processes: PostgreSQL's test database as it is; SQLite's (in memory)
    copied to a file first."""

    def __init__(self, tmp_path: Path):
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = tmp_path / "vigie.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(self.path) as copy:
                connection.connection.backup(copy)
            self.url = f"sqlite:///{self.path}"
        else:
            self.path = None
            user, password = settings["USER"] or "", settings["PASSWORD"] or ""
            credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
            self.url = f"postgres://{credentials}{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"

    def rows(self, sql: str) -> list[tuple]:
        """The rows of `sql`, where {tasks}, {outbox} and {heartbeats} name the models' tables."""
        sql = sql.format(tasks=TASKS, outbox=OUTBOX, heartbeats=HEARTBEATS)
        if self.path is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        with sqlite3.connect(self.path, timeout=20) as reader:
            return reader.execute(sql).fetchall()


def _worker(database: SharedDatabase, smtp_port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vigie.settings",
        "DATABASE_URL": database.url,
        "VIGIE_DATA_DIR": str(log.parent),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "60",  # a held message waits for the kill, not for a timeout
        "VIGIE_WORKER_HEARTBEAT_SECONDS": "1",
        "VIGIE_WORKER_LOST_SECONDS": "3",
        "VIGIE_OUTBOX_CLAIM_SECONDS": "600",
    }
    with log.open("w") as output:  # the child has its own copy of the file
        return subprocess.Popen(  # noqa: S603 - our own command
            [str(VIGIE), "worker", "--no-schedule"], env=env, stdout=output, stderr=subprocess.STDOUT
        )


def _wait(condition, seconds: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            output = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs if log.exists())
            pytest.fail(f"{what} : pas atteint en {seconds} s\n{output}")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_messages_held_by_killed_workers_are_sent_once_by_a_worker_without_schedule(tmp_path):
    smtp_port = free_port()
    about = uuid.uuid4()
    for to in RECIPIENTS:  # each one's send task is queued (transaction=True: at once)
        queue_message(app_label="committees", public_id=about, to=to, subject="Convocation", body="Bonjour")
    database = SharedDatabase(tmp_path)
    smtp = Holding(hold=2)
    controller = Controller(smtp, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    logs = [tmp_path / f"worker-{name}.log" for name in ("a", "b", "c")]
    processes: list[subprocess.Popen] = []
    try:
        processes += [_worker(database, smtp_port, logs[0]), _worker(database, smtp_port, logs[1])]
        _wait(lambda: len(smtp.held) == 2, 30, "deux envois en cours", logs)
        running = database.rows("SELECT COUNT(*) FROM {tasks} WHERE status = 'RUNNING'")
        assert running == [(2,)]  # each worker is in the middle of one message
        for process in processes:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        smtp.released.set()

        processes.append(_worker(database, smtp_port, logs[2]))  # no scheduler: nothing but the recovery helps

        def done() -> bool:
            unsent = database.rows("SELECT COUNT(*) FROM {outbox} WHERE sent_at IS NULL")
            busy = database.rows("SELECT COUNT(*) FROM {tasks} WHERE status IN ('RUNNING', 'READY')")
            return unsent == [(0,)] and busy == [(0,)]

        _wait(done, 30, "tous les courriels envoyés, aucune tâche en cours", logs)
        processes[-1].send_signal(signal.SIGTERM)
        processes[-1].wait(timeout=10)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        controller.stop()

    assert sorted(to for envelope in smtp.messages for to in envelope.rcpt_tos) == RECIPIENTS  # each exactly once
    held = sorted(to for rcpt_tos in smtp.held for to in rcpt_tos)
    assert held and set(held) < set(RECIPIENTS)
    # one try each: a killed try writes nothing but its claim, which the recovery handed over
    assert dict(database.rows('SELECT "to", attempts FROM {outbox}')) == dict.fromkeys(RECIPIENTS, 1)
    assert database.rows("SELECT claimed_by FROM {outbox} WHERE claimed_by <> ''") == []
    statuses = database.rows("SELECT status, COUNT(*) FROM {tasks} GROUP BY status")
    assert dict(statuses).keys() == {"SUCCESSFUL"}
    heartbeats = database.rows("SELECT COUNT(*) FROM {heartbeats}")
    assert heartbeats == [(2,)]  # the two killed workers (forgotten after a day); the third stopped cleanly
