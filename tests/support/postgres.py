"""A throwaway PostgreSQL server on loopback for the test session (or LMS_TEST_DATABASE_URL if set)."""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _binary(name: str) -> str:
    from lms.backup import postgres_binary

    found = postgres_binary(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed; `make test` installs it (scripts/system-deps.sh)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """initdb + pg_ctl start in a temporary folder; runs as the `postgres` user when we are root."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="lms-pg-"))
        self.port = _free_port()
        self.data = self.base / "data"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.base, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        os.chmod(self.base, 0o755)

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_user, *args], check=True, capture_output=True, text=True)

    def start(self) -> str:
        """Create the cluster and database; return a SQLAlchemy URL."""
        self._run(_binary("initdb"), "-D", str(self.data), "-U", "lms", "--auth=trust", "-E", "UTF8",
                  "--no-sync", "--locale=C")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.base / "log"), "-w",
                  "-t", "60", "start")
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=lms dbname=postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE lms_test")
        return f"postgresql+psycopg://lms@127.0.0.1:{self.port}/lms_test"

    def stop(self) -> None:
        """Stop the server for sure and delete its files: pg_ctl stops it and waits; if that fails, the postmaster
        (not our child: pg_ctl daemonizes it) is killed and waited for."""
        pid = self._postmaster_pid()
        try:
            self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "-t", "60", "stop")
        except subprocess.CalledProcessError:
            if pid is not None:
                _kill_and_wait(pid)
        shutil.rmtree(self.base, ignore_errors=True)

    def _postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None


def _kill_and_wait(pid: int, timeout: float = 60) -> None:
    """SIGKILL a process that is not our child and wait until it is gone (its children die with it: PostgreSQL's
    backends exit when the postmaster does)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
