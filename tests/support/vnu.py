"""The Nu HTML checker (vnu-jar, installed by scripts/system-deps.sh) run over saved pages."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cdcp-lms"
DEFAULT_JAR = CACHE / "vnu/node_modules/vnu-jar/build/dist/vnu.jar"


def vnu_jar() -> Path:
    """The checker's jar (LMS_VNU_JAR or the cache folder scripts/system-deps.sh installs into); fails if absent."""
    jar = Path(os.environ.get("LMS_VNU_JAR") or DEFAULT_JAR)
    if not jar.exists() or shutil.which("java") is None:
        pytest.fail(f"the Nu HTML checker needs Java and {jar}; run `make system-deps` (scripts/system-deps.sh)")
    return jar


def html_errors(folder: Path) -> list[str]:
    """Every error the checker finds in the .html files of `folder`, as 'file:line: message'."""
    files = sorted(str(p) for p in folder.glob("*.html"))
    if not files:
        return []
    done = subprocess.run(["java", "-Xss4m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                           "--stdout", "--exit-zero-always", *files],
                          capture_output=True, text=True, timeout=600, check=True)
    messages = json.loads(done.stdout or "{}").get("messages", [])
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} "
            f"«{m.get('extract', '').strip()}»" for m in messages]


class PageSaver:
    """An after_request hook for an app that keeps every HTML response it serves, to check them later."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, response):
        from flask import request

        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            self.count += 1
            name = "".join(c if c.isalnum() else "-" for c in request.path)[:80] or "root"
            (self.folder / f"{self.count:04d}{name}.html").write_bytes(response.get_data())
        return response
