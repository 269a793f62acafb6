"""Backup and restore: one .tar.gz holding the database (SQLite's online backup or pg_dump), the centers' keys
folder, and manifest.json with each member's size and SHA-256. Restore checks every checksum first and refuses a
target that already has tables or keys."""
from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import inspect, text, update

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """The backup or restore cannot go ahead; the message says why."""


@dataclass(frozen=True)
class Restored:
    """What a restore put back."""

    backend: str
    files: int
    keys: int


def _db():
    from lms.extensions import db

    return db


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def postgres_binary(name: str) -> str | None:
    """The path of a PostgreSQL program (on PATH or in Debian's versioned folders, newest first), or None."""
    return shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
                                      None)


def _pg_binary(name: str) -> str:
    found = postgres_binary(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return found


def _libpq_url() -> str:
    return _db().engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _backend() -> str:
    return _db().engine.url.get_backend_name()


def _revisions() -> list[str]:
    with _db().engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return []
        return sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _dump_database(folder: Path) -> Path:
    """The database as one file: SQLite's online backup API (consistent while the site runs) or pg_dump -Fc."""
    if _backend() == "sqlite":
        target = folder / "database.sqlite3"
        source = sqlite3.connect(_db().engine.url.database)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    if _backend() == "postgresql":
        target = folder / "database.pgdump"
        _run([_pg_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
              "--dbname", _libpq_url()], "pg_dump")
        return target
    raise BackupError(f"cannot back up a {_backend()} database")


def _run(args: list[str], what: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-500:]}")


def create_backup(output: Path) -> Path:
    """Write the archive to `output` (a .tar.gz); returns its path."""
    keys_dir = Path(current_app.config["KEYS_DIR"])
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lms-backup-") as work:
        members: list[tuple[str, Path]] = []
        database = _dump_database(Path(work))
        members.append((f"database/{database.name}", database))
        if keys_dir.is_dir():
            for path in sorted(p for p in keys_dir.rglob("*") if p.is_file()):
                members.append((f"keys/{path.relative_to(keys_dir).as_posix()}", path))
        manifest = {
            "format": FORMAT, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"backend": _backend(), "file": f"database/{database.name}", "revisions": _revisions()},
            "keys_dir": str(keys_dir),
            "files": [{"name": name, "size": path.stat().st_size, "sha256": _sha256(path)} for name, path in members],
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            for name, path in members:
                archive.add(path, arcname=name, recursive=False)
        os.chmod(partial, 0o600)  # it holds private keys
        os.replace(partial, output)
    return output


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in ("database", "keys"):
        raise BackupError(f"the archive names an unsafe path: {name!r}")
    return name


def _read_verified(archive_path: Path, work: Path) -> dict:
    """Extract the manifest's members into `work`, checking sizes and checksums; returns the manifest."""
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive_path} is not a backup archive: {error}") from None
    with archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except (KeyError, ValueError, TypeError):
            raise BackupError(f"{archive_path} has no readable {MANIFEST}") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        for entry in manifest["files"]:
            name = _safe_name(entry["name"])
            try:
                member = archive.getmember(name)
            except KeyError:
                raise BackupError(f"{name} is listed in the manifest but missing from the archive") from None
            if not member.isfile():
                raise BackupError(f"{name} is not a regular file")
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink)
            if target.stat().st_size != entry["size"] or _sha256(target) != entry["sha256"]:
                raise BackupError(f"{name}: checksum does not match the manifest (damaged archive)")
    return manifest


def _target_problem(keys_dir: Path) -> str | None:
    with _db().engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    if tables:
        return f"the target database is not empty ({len(tables)} tables); restore into an empty one"
    if keys_dir.exists() and any(keys_dir.iterdir()):
        return f"the keys folder {keys_dir} is not empty"
    return None


def restore_backup(archive_path: Path) -> Restored:
    """Restore an archive into this (empty) instance: database, then keys; key paths follow LMS_KEYS_DIR."""
    keys_dir = Path(current_app.config["KEYS_DIR"])
    problem = _target_problem(keys_dir)
    if problem:
        raise BackupError(f"refusing to restore: {problem}")
    with tempfile.TemporaryDirectory(prefix="lms-restore-") as folder:
        work = Path(folder)
        manifest = _read_verified(archive_path, work)
        backend = manifest["database"]["backend"]
        if backend != _backend():
            raise BackupError(f"the archive holds a {backend} database; this instance uses {_backend()}")
        _load_database(work / manifest["database"]["file"], backend)
        keys = [e["name"] for e in manifest["files"] if e["name"].startswith("keys/")]
        for name in keys:
            target = keys_dir / PurePosixPath(name).relative_to("keys")
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(work / name, target)
            os.chmod(target, 0o600)
        _repoint_keys(manifest["keys_dir"], keys_dir)
    return Restored(backend=backend, files=len(manifest["files"]), keys=len(keys))


def _load_database(dump: Path, backend: str) -> None:
    db = _db()
    if backend == "sqlite":
        target = Path(db.engine.url.database)
        db.session.remove()
        db.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(dump, partial)
        os.replace(partial, target)
        return
    db.session.remove()
    _run([_pg_binary("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          "--dbname", _libpq_url(), str(dump)], "pg_restore")


def _repoint_keys(old_dir: str, new_dir: Path) -> None:
    """Key rows name their file by absolute path: move those under the old keys folder to the new one."""
    from lms.certificates.models import CenterKey

    db = _db()
    old = old_dir.rstrip("/") + "/"
    for row in db.session.scalars(db.select(CenterKey)).all():
        if row.key_path.startswith(old):
            db.session.execute(update(CenterKey).where(CenterKey.id == row.id).values(
                key_path=str(new_dir / row.key_path[len(old):])))
    db.session.commit()
