"""Helpers for benchmarks: a prepared instance folder, gunicorn processes, wrk or a Python load client."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# One User-Agent for signing in and for the load: a browser sends the same one on every request, and a session
# signed in under another one fails Flask-Login's session protection (the cookie is rewritten on every request).
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) lms-bench"


@contextmanager
def app_for(env: dict, **config):
    """An app configured from `env` (as the server processes are), inside its app context; the process
    environment is restored and the engine disposed afterwards."""
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        from lms import create_app
        from lms.extensions import db

        app = create_app(config)
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepared_instance(extra_env: dict | None = None) -> tuple[Path, dict]:
    """A temporary instance folder with a migrated SQLite database, the shipped curriculum and demo accounts."""
    instance = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    env = dict(os.environ, FLASK_APP="wsgi", LMS_INSTANCE_PATH=str(instance), LMS_SECRET_KEY="bench-secret",
               **(extra_env or {}))
    for args in (["db", "upgrade"], ["lms", "content", "import"], ["lms", "demo"]):
        subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return instance, env


class Gunicorn:
    """gunicorn serving `target` (module:app) with N workers on a free loopback port."""

    def __init__(self, target: str, *, workers: int, env: dict, cwd: Path = ROOT, threads: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", target], cwd=cwd, env=env, start_new_session=True)
        deadline = time.monotonic() + 120  # generous: a loaded machine imports slowly
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc.wait()
                raise RuntimeError(f"gunicorn for {target} exited with {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn for {target} did not start")

    def stop(self, grace: float = 30) -> None:
        """Stop the server for sure: terminate, wait up to `grace` seconds, then kill and wait (reaped either way,
        so no ResourceWarning leaks into a later test)."""
        stop_process(self.proc, grace=grace)


def stop_process(proc: subprocess.Popen, *, grace: float = 30) -> None:
    """Terminate, wait, kill, wait: the process is gone and reaped when this returns. A process started with
    `start_new_session=True` (gunicorn) is killed with its whole group, so no worker outlives its master."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _kill(proc)
    proc.wait()


def _kill(proc: subprocess.Popen) -> None:
    try:
        leads_group = os.getpgid(proc.pid) == proc.pid
    except ProcessLookupError:
        return
    if leads_group:
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()


def load(url: str, *, seconds: float, connections: int, cookie: str = "") -> tuple[float, int]:
    """Requests per second and failures (non-2xx/3xx responses, socket errors and timeouts), every request with
    the User-Agent `USER_AGENT` (sign in with it too): wrk when
    installed (one thread, so the load client takes as little CPU from the servers as it can), else a
    thread-per-connection Python client."""
    if shutil.which("wrk"):
        args = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s"]
        args += ["-H", f"User-Agent: {USER_AGENT}"]
        if cookie:
            args += ["-H", f"Cookie: {cookie}"]
        out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        return rps, (int(bad.group(1)) if bad else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return _python_load(url, seconds=seconds, connections=connections, cookie=cookie)


def _python_load(url: str, *, seconds: float, connections: int, cookie: str) -> tuple[float, int]:
    host_port, path = url.split("//", 1)[1].split("/", 1)
    host, port = host_port.split(":")
    counts, errors, stop = [0] * connections, [0] * connections, time.time() + seconds
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        while time.time() < stop:
            try:
                conn.request("GET", "/" + path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                continue
            counts[i] += 1
            errors[i] += response.status >= 400

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    start = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.time() - start), sum(errors)


def median_rps(url: str, *, runs: int, seconds: float, connections: int, cookie: str = "") -> tuple[float, int]:
    """Median requests/second over several runs, and the total of failures."""
    results = [load(url, seconds=seconds, connections=connections, cookie=cookie) for _ in range(runs)]
    return statistics.median(r for r, _ in results), sum(e for _, e in results)


def alternating_rps(targets: dict[str, tuple[str, str]], *, runs: int, seconds: float,
                    connections: int) -> dict[str, tuple[float, int, list[float]]]:
    """For each name -> (url, cookie): the median requests/second, total failures and every round's figure,
    the targets taking turns round after round so a change of load on the machine hits them all alike."""
    rounds: dict[str, list[tuple[float, int]]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, (url, cookie) in targets.items():
            rounds[name].append(load(url, seconds=seconds, connections=connections, cookie=cookie))
    return {name: (statistics.median(r for r, _ in results), sum(e for _, e in results), [r for r, _ in results])
            for name, results in rounds.items()}


def first_lesson_path(get) -> str:
    """The first lesson of the first module linked from the dashboard; `get(path)` returns a page's HTML. The
    module page is read because the dashboard links no lesson once the demo learner has finished every module."""
    html = get("/dashboard")
    lesson = re.search(r'href="(/modules/[^"]+/lessons/[^"]+)"', html)
    if lesson:
        return lesson.group(1)
    module = re.search(r'href="(/modules/[^"/]+)"', html).group(1)
    return re.search(r'href="(/modules/[^"]+/lessons/[^"]+)"', get(module)).group(1)
