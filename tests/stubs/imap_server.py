"""A real IMAP server for tests: a private Dovecot instance (Debian's `dovecot-imapd`) on 127.0.0.1.

Everything lives in a temporary directory of its own: configuration, base_dir (sockets, pid), state_dir,
log file, passwd-file and the user's maildir. The server listens on 127.0.0.1 only, on a free port chosen
at run time, without TLS and with plaintext authentication allowed (loopback only). It runs as the current
user and needs neither the system service (port 143) nor /etc/dovecot.

Dovecot is installed by `make mail-deps`. Without it, `DovecotServer.start()` raises `DovecotMissing` and
the fixtures fail (they never skip) with a message telling to run `make mail-deps`.

Fixtures: `imap_server` (per test: the session's server with a brand-new empty mailbox) on top of
`dovecot_server` (one server per session); this module is no conftest, so import both where they are used.
Or, directly: `with DovecotServer() as server: server.append(raw_bytes)`.

Pitfalls met with Dovecot 2.3 (Debian 12):
- as root, imap-login refuses to run as root: it runs as `dovenull`, chrooted in base_dir/login;
- as root, mail access as root is refused ("Mail access not allowed for root"): the mailbox belongs to
  `nobody`; not root, it belongs to the current user and nothing is chrooted (anvil included);
- passwd-file rejects UID 0: its uid/gid fields stay empty, mail_uid/mail_gid give them;
- a failed login is answered after ~2 s and the next logins from 127.0.0.1 get a growing penalty: both are
  turned off (auth_failure_delay = 0, anvil-auth-penalty listener disabled);
- stopping takes ~1 s (Dovecot's log process lingers a second), hence one server per session;
- maildir keeps at most 26 custom keywords per mailbox.
The Dovecot 2.4 configuration (auth_allow_cleartext, mail_driver, named passdb/userdb) is written from its
documentation and has not run here.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

DOVECOT = "/usr/sbin/dovecot"
INSTALL_HINT = "Dovecot (paquet Debian dovecot-imapd) est absent : lancez `make mail-deps`."
START_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0


class DovecotMissing(RuntimeError):
    """Dovecot is not installed on this machine."""


class DovecotStartError(RuntimeError):
    """The private Dovecot instance did not start (the message carries the end of its log)."""


def dovecot_binary() -> str:
    """Path of the `dovecot` executable, or raise `DovecotMissing`."""
    if os.access(DOVECOT, os.X_OK):
        return DOVECOT
    found = shutil.which("dovecot")
    if found:
        return found
    raise DovecotMissing(INSTALL_HINT)


def dovecot_version(binary: str | None = None) -> tuple[int, int]:
    """(major, minor) of the installed Dovecot, e.g. (2, 3) for "2.3.19.1 (9b53102964)"."""
    output = subprocess.run(  # noqa: S603 (fixed command, no shell)
        [binary or dovecot_binary(), "--version"], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    match = re.match(r"\s*(\d+)\.(\d+)", output)
    if not match:
        raise DovecotStartError(f"Version de Dovecot illisible : {output!r}")
    return int(match[1]), int(match[2])


def _unprivileged_user() -> str:
    """The account Dovecot's login processes use when the server is started by root."""
    for name in ("dovenull", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name).pw_name
    raise DovecotStartError("Aucun compte non privilégié (dovenull, nobody) pour imap-login.")


def _mail_ids() -> tuple[int, int]:
    """uid and gid of the mailbox files: the current user's, or nobody's when root (Dovecot refuses root)."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError as error:
        raise DovecotStartError("Compte « nobody » absent : Dovecot refuse l'accès aux boîtes en root.") from error
    return nobody.pw_uid, nobody.pw_gid


def free_port() -> int:
    """A TCP port of 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DovecotServer:
    """A private Dovecot IMAP server on 127.0.0.1 with one user and its maildir in a temporary directory."""

    host = "127.0.0.1"

    def __init__(self, user: str = "qualite@test.invalid", password: str | None = None) -> None:
        self.user = user
        self.password = password or secrets.token_urlsafe(12)
        self.port = 0
        self.directory: Path | None = None
        self.version: tuple[int, int] | None = None
        self.startup_seconds: float | None = None
        self.mail_uid, self.mail_gid = os.getuid(), os.getgid()
        self._process: subprocess.Popen[bytes] | None = None
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None

    # -- paths --------------------------------------------------------------------------------------------

    @property
    def config_path(self) -> Path:
        return self._dir / "dovecot.conf"

    @property
    def log_path(self) -> Path:
        return self._dir / "dovecot.log"

    @property
    def home(self) -> Path:
        """The user's home; the maildir is `home / "Maildir"`."""
        return self._dir / "home"

    @property
    def _dir(self) -> Path:
        if self.directory is None:
            raise RuntimeError("Serveur Dovecot non démarré.")
        return self.directory

    # -- life cycle ---------------------------------------------------------------------------------------

    def start(self) -> DovecotServer:
        binary = dovecot_binary()
        self.version = dovecot_version(binary)
        began = time.monotonic()
        # A short path: unix sockets live under base_dir and their paths are limited to 107 bytes.
        self._tempdir = tempfile.TemporaryDirectory(prefix="vigie-dovecot-")
        self.directory = Path(self._tempdir.name)
        try:
            self._write_files()
            # The port is chosen just before the start: if another process takes it meanwhile, try another.
            for attempt in range(3):
                self.port = free_port()
                self.config_path.write_text(self._config())
                try:
                    self._spawn(binary)
                    break
                except DovecotStartError as error:
                    self._terminate()
                    if attempt == 2 or "Address already in use" not in str(error):
                        raise
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        self._terminate()
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    def __enter__(self) -> DovecotServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- mail ---------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def connect(self) -> Iterator[imaplib.IMAP4]:
        """An IMAP connection logged in as the user, logged out (socket closed) at the end."""
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            client.login(self.user, self.password)
            yield client
        finally:
            try:
                client.logout()  # also closes the socket
            except (imaplib.IMAP4.error, OSError):
                with contextlib.suppress(OSError):
                    client.shutdown()

    def append(self, raw_bytes: bytes, folder: str = "INBOX", flags: str = "") -> int | None:
        """Append a message to `folder` (created when missing) and return its UID (from APPENDUID)."""
        with self.connect() as client:
            if folder.upper() != "INBOX":
                client.create(folder)  # "NO [ALREADYEXISTS]" when it exists: ignored
            status, data = client.append(folder, f"({flags})" if flags else None, None, raw_bytes)
            if status != "OK":
                raise RuntimeError(f"APPEND refusé par Dovecot : {data!r}")
            match = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
            return int(match[1]) if match else None

    def delete_all(self, folder: str = "INBOX") -> None:
        """Delete every message of `folder` (to reuse the server with an empty mailbox)."""
        with self.connect() as client:
            status, _ = client.select(folder)
            if status != "OK":
                return
            client.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
            client.expunge()
            client.close()

    def reset(self) -> None:
        """Give the user a brand-new empty mailbox: no message, no folder, no keyword, UIDs from 1 again.

        Waits until every IMAP session has ended (one `imap` process per session, it exits after LOGOUT), then
        removes the maildir, which Dovecot recreates at the next login.
        """
        deadline = time.monotonic() + STOP_TIMEOUT
        while self._imap_sessions():
            if time.monotonic() > deadline:
                raise RuntimeError("Une session IMAP est restée ouverte (logout manquant ?) : boîte non vidée.")
            time.sleep(0.01)
        shutil.rmtree(self.home / "Maildir", ignore_errors=True)

    def log_errors(self) -> list[str]:
        """The "Error:", "Fatal:" and "Panic:" lines of Dovecot's log so far."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return [line for line in text.splitlines() if re.search(r"\b(Error|Fatal|Panic): ", line)]

    # -- internals ----------------------------------------------------------------------------------------

    def _imap_sessions(self) -> list[int]:
        """Pids of the `imap` processes (one per logged-in session) of this instance."""
        if self._process is None:
            return []
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                # "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
                text = stat.read_text()
                comm = text[text.index("(") + 1 : text.rindex(")")]
                ppid = int(text[text.rindex(")") + 2 :].split()[1])
                if ppid == self._process.pid and comm == "imap":
                    pids.append(int(stat.parent.name))
        return pids

    def _write_files(self) -> None:
        for name in ("base", "state", "home"):
            (self._dir / name).mkdir(mode=0o755 if name == "base" else 0o700)  # base: Dovecot wants 755
        self.mail_uid, self.mail_gid = _mail_ids()
        if self.mail_uid != os.getuid():
            # Started by root: the mail user must reach its home through the temporary directory.
            self._dir.chmod(0o711)
            os.chown(self.home, self.mail_uid, self.mail_gid)
        # user:password:uid:gid:gecos:home:shell — the {PLAIN} scheme makes Dovecot compare as is. uid and gid
        # stay empty: passwd-file rejects UID 0 ("invalid UID '0'"), mail_uid/mail_gid give them instead.
        (self._dir / "users").write_text(f"{self.user}:{{PLAIN}}{self.password}::::{self.home}::\n")

    def _config(self) -> str:
        uid, gid = os.getuid(), os.getgid()
        mail_uid, mail_gid = self.mail_uid, self.mail_gid
        user = pwd.getpwuid(uid).pw_name
        group = grp.getgrgid(gid).gr_name
        if uid == 0:
            # imap-login refuses to run as root ("This process must not be run as root"): as root, the login
            # process runs as the package's unprivileged user, chrooted in base_dir/login (Dovecot's default).
            login_user, login_chroot, anvil_chroot = _unprivileged_user(), "login", "empty"
        else:
            # Not root: no chroot possible, every process runs as the current user.
            login_user, login_chroot, anvil_chroot = user, "", ""
        users = self._dir / "users"
        common = f"""
base_dir = {self._dir / "base"}
state_dir = {self._dir / "state"}
instance_name = vigie-dovecot-{self.port}
log_path = {self.log_path}
info_log_path = {self.log_path}
protocols = imap
listen = {self.host}
ssl = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {login_user}
mail_uid = {mail_uid}
mail_gid = {mail_gid}
first_valid_uid = {mail_uid}
last_valid_uid = {mail_uid}
first_valid_gid = {mail_gid}
last_valid_gid = {mail_gid}
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  chroot = {login_chroot}
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
        if self.version and self.version >= (2, 4):
            return f"""dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
service anvil {{
  chroot = {anvil_chroot}
}}
auth_allow_cleartext = yes
mail_driver = maildir
mail_path = ~/Maildir
passdb passwd-file {{
  passwd_file_path = {users}
}}
userdb passwd-file {{
  passwd_file_path = {users}
}}
{common}"""
        return f"""disable_plaintext_auth = no
service anvil {{
  chroot = {anvil_chroot}
  # No growing delay for the next logins from 127.0.0.1 after a failed one (anvil's auth penalty).
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {users}
}}
userdb {{
  driver = passwd-file
  args = {users}
}}
{common}"""

    def _spawn(self, binary: str) -> None:
        with open(self._dir / "dovecot.stderr", "ab") as stderr:
            self._process = subprocess.Popen(  # noqa: S603 (fixed command, no shell)
                [binary, "-F", "-c", str(self.config_path)],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self._process.poll() is not None:
                raise DovecotStartError(
                    f"Dovecot s'est arrêté au démarrage (code {self._process.returncode}).\n{self._log_tail()}"
                )
            if self._greets():
                return
            if time.monotonic() > deadline:
                raise DovecotStartError(
                    f"Dovecot n'écoute pas sur {self.host}:{self.port} après {START_TIMEOUT:.0f} s.\n{self._log_tail()}"
                )
            time.sleep(0.02)

    def _greets(self) -> bool:
        """True when the IMAP port answers with its "* OK" greeting."""
        try:
            with socket.create_connection((self.host, self.port), timeout=1) as sock:
                return sock.recv(256).startswith(b"* OK")
        except OSError:
            return False

    def _terminate(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            # SIGTERM makes the master stop its children (auth, imap-login, imap…) and remove its pid file.
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _log_tail(self, lines: int = 30) -> str:
        parts = []
        for path in (self.log_path, self._dir / "dovecot.stderr"):
            if path.exists():
                text = path.read_text(errors="replace").strip()
                if text:
                    parts.append(f"--- {path.name} ---\n" + "\n".join(text.splitlines()[-lines:]))
        return "\n".join(parts) or "(journal vide)"


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[DovecotServer]:
    """One private Dovecot server for the whole session (fails, never skips, when Dovecot is missing).

    Starting takes ~0.05 s but stopping ~1 s (Dovecot's log process lingers a second), hence one per session;
    `imap_server` gives each test an empty mailbox on it.
    """
    server = DovecotServer()
    try:
        server.start()
    except DovecotMissing as error:
        missing = str(error)
    else:
        missing = ""
    if missing:
        pytest.fail(missing, pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap_server(dovecot_server: DovecotServer) -> DovecotServer:
    """The session's Dovecot server, with a brand-new empty mailbox for this test."""
    dovecot_server.reset()
    return dovecot_server
