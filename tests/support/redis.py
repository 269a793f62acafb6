"""A throwaway redis-server on loopback for the test session (Debian's redis-server package)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.postgres import _free_port


class RedisServer:
    """redis-server with no persistence in a temporary folder; stop() terminates, waits, then kills."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise RuntimeError("redis-server is not installed; `make test` installs it (scripts/system-deps.sh)")
        self.binary = binary
        self.base = Path(tempfile.mkdtemp(prefix="lms-redis-"))
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The redis:// URL of database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 60) -> str:
        """Start the server and wait until it answers PING; return its URL."""
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.base),
             "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--logfile", str(self.base / "log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited: {(self.base / 'log').read_text(errors='replace')[-500:]}")
            if self.ping():
                return self.url
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not answer within the timeout")

    def ping(self) -> bool:
        """True when the server answers PING."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Terminate, wait, kill if needed, wait; then delete its files."""
        from bench._serve import stop_process

        if self.proc is not None:
            stop_process(self.proc, grace=10)
        self.proc = None
        shutil.rmtree(self.base, ignore_errors=True)
