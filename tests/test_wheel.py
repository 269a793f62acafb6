"""`pip install` gives a runnable app: build the wheel from a copy of the project, install it into a fresh venv
outside the checkout, upgrade a fresh SQLite database, import the shipped content and serve a page with gunicorn
in production mode, as the README's production section says.

OFFLINE BY DEFAULT: the wheel is installed with --no-deps --no-index and the fresh venv borrows the test venv's
already-installed dependencies through a .pth file (not the test venv's `lms`, which is an editable install of the
checkout: the test asserts the app is imported from the fresh venv). Set LMS_TEST_WHEEL_FULL_INSTALL=1 to resolve
and install every dependency from the package index (pip's cache makes it quicker)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from bench._serve import stop_process

pytestmark = pytest.mark.wheel
ROOT = Path(__file__).resolve().parent.parent
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "wsgi.py", "lms", "migrations",
                "curriculum", "quizzes", "programs")


def _copy_project(target: Path) -> Path:
    target.mkdir()
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    return target


def _run(*args, env=None, cwd=None, timeout=600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv outside the checkout with the built wheel installed; returns its bin folder."""
    base = tmp_path_factory.mktemp("wheel")
    source = _copy_project(base / "src")
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", base / "dist",
         source, cwd=source)
    [wheel] = list((base / "dist").glob("cdcp_lms-*.whl"))
    venv = base / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    if os.environ.get("LMS_TEST_WHEEL_FULL_INSTALL") == "1":
        _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", wheel, timeout=1800)
    else:
        _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel)
        site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
        (site / "zz_borrowed_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def _env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LMS_", "FLASK_", "PYTHON"))}
    env.pop("DATABASE_URL", None)
    env.update(LMS_ENV="production", LMS_SECRET_KEY="s" * 48, LMS_BASE_URL="https://training.southeast-rtc.org",
               LMS_INSTANCE_PATH=str(tmp_path / "instance"),
               DATABASE_URL=f"sqlite:///{tmp_path / 'instance' / 'lms.sqlite3'}", **extra)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_installed_package_carries_its_migrations_and_content(installed, tmp_path):
    where = _run(installed / "python", "-c",
                 "import lms, lms.resources as r; print(lms.__file__); print(r.shipped_path('migrations'))",
                 env=_env(tmp_path), cwd=tmp_path).stdout.split()
    assert str(installed.parent) in where[0] and str(ROOT) not in where[0]
    assert where[1].endswith("lms/_shipped/migrations") and Path(where[1], "versions").is_dir()


def test_a_wheel_install_upgrades_imports_and_serves_a_page(installed, tmp_path):
    env, run_dir = _env(tmp_path), tmp_path / "elsewhere"
    run_dir.mkdir()
    _run(installed / "lms", "db", "upgrade", env=env, cwd=run_dir)  # the console script
    imported = _run(installed / "python", "-m", "flask", "--app", "lms", "lms", "content", "import", env=env,
                    cwd=run_dir)
    assert "program cdcp-core" in imported.stdout
    port = _free_port()
    server = subprocess.Popen([str(installed / "python"), "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                               "lms:create_app()"], env=env, cwd=run_dir, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        body = _get(f"http://127.0.0.1:{port}/", server)
        assert "Effects of Violence" in body or "effects-of-violence" in body.lower()
        assert '"database"' in _get(f"http://127.0.0.1:{port}/readyz", server)
    finally:
        stop_process(server)
        server.stderr.close()


def _get(url: str, server: subprocess.Popen, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)
