"""Static files through WhiteNoise: `url_for('static', ...)` links a content-hashed name (site.3f2a1b9c0d4e.css)
that is cached for a year as immutable, so a phone never asks for it again; text files are also stored gzipped
and brotli-compressed. The hashed copies are built at start-up into <instance>/static-build (idempotent and safe
when several workers start at once); the plain names stay served, with a short cache life."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

COMPRESSIBLE = (".css", ".js", ".svg", ".txt", ".json", ".map", ".html")
PLAIN_MAX_AGE = 300


def _hashed_name(relative: str, digest: str) -> str:
    stem, dot, ext = relative.rpartition(".")
    return f"{stem}.{digest[:12]}.{ext}" if dot and "/" not in ext else f"{relative}.{digest[:12]}"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def _link_atomically(path: Path, source: Path) -> None:
    """A hard link to the source file (no copy; a later upgrade of the source leaves it as it was), or a copy
    where the instance folder is on another filesystem."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        os.link(source, temporary)
    except OSError:
        _write_atomically(path, source.read_bytes())
        return
    os.replace(temporary, path)


def _store(path: Path, source: Path, data: bytes) -> None:
    """Text files: their compressed variants first, then the file (once it exists, so do they). Other files
    (fonts, images) are linked."""
    if path.suffix not in COMPRESSIBLE:
        _link_atomically(path, source)
        return
    for suffix, packed in ((".gz", Compressor.compress_gzip(data)), (".br", Compressor.compress_brotli(data))):
        if len(packed) < 0.95 * len(data):
            _write_atomically(path.with_name(path.name + suffix), packed)
    _write_atomically(path, data)


def build(source: Path, target: Path) -> dict[str, str]:
    """Copy every file under `source` to `target` under its plain and its hashed name (with compressed variants
    for text); returns {plain name: hashed name}."""
    manifest = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")):
        relative = path.relative_to(source).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        hashed = manifest[relative] = _hashed_name(relative, digest)
        if not (target / hashed).is_file():
            _store(target / hashed, path, data)
        plain = target / relative
        if not plain.is_file() or hashlib.sha256(plain.read_bytes()).hexdigest() != digest:
            _store(plain, path, data)
    return manifest


def _nosniff(headers, path, url) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    """Serve /static/ with WhiteNoise and make url_for('static') link the hashed names."""
    target = Path(app.instance_path) / "static-build"
    manifest = build(Path(app.static_folder), target)
    immutable = {f"/static/{name}" for name in manifest.values()}
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=str(target), prefix="static/", max_age=PLAIN_MAX_AGE,
                              immutable_file_test=lambda path, url: url in immutable,
                              add_headers_function=_nosniff)
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def _hashed(endpoint, values):
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]
