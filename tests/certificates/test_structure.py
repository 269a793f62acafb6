"""The certificate area's layers: documents/ is pure, content publishing does not need certificates, and the
signal receivers are connected by init_app rather than by being imported."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_document_layer_imports_neither_flask_nor_the_database_nor_other_areas():
    for path in (ROOT / "lms/certificates/documents").glob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top not in ("flask", "flask_sqlalchemy", "sqlalchemy", "flask_login"), (path.name, name)
            assert top != "lms" or name.startswith("lms.certificates.documents"), (path.name, name)


def test_content_publishing_does_not_import_certificates():
    result = _run("import sys, lms.publishing\n"
                  "bad = sorted(m for m in sys.modules if m.startswith('lms.certificates'))\n"
                  "print(bad); sys.exit(1 if bad else 0)")
    assert result.returncode == 0, result.stdout + result.stderr


def test_receivers_are_connected_by_init_app_not_by_import():
    result = _run("from lms.progress.signals import module_completed\n"
                  "import lms.certificates.issuing.receivers as receivers\n"
                  "assert not module_completed.receivers, 'connected on import'\n"
                  "receivers.init_app(None)\n"
                  "assert module_completed.receivers, 'init_app did not connect'\n")
    assert result.returncode == 0, result.stdout + result.stderr
