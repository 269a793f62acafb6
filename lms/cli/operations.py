"""`flask lms reminders|worker|doctor|backup|restore`: running and looking after an instance."""
from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("reminders")
@with_appcontext
def reminders() -> None:
    """Send the reminders due now (what the worker does every hour); what was already sent is skipped."""
    from lms.reminders.service import send_all_reminders
    from lms.timeutil import utcnow

    sent = send_all_reminders(utcnow())
    click.echo(f"Reminders sent: {sent['due']} due-date, {sent['certificates']} certificate, "
               f"{sent['digests']} digest.")


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@with_appcontext
def worker(workers: int) -> None:
    """Run the task queue's worker (certificate issuing, email) until interrupted."""
    from lms.queue import huey
    from lms.worker import run_worker

    if huey.immediate:
        raise click.ClickException("LMS_QUEUE_URL is 'immediate': tasks already run in the web process")
    run_worker(current_app._get_current_object(), threads=workers)


@click.command("doctor")
@with_appcontext
def doctor() -> None:
    """Check configuration, database and migrations, queue and worker, mail and signing keys; exit 1 on a failure."""
    from lms.doctor import run_checks

    failed = 0
    for check in run_checks():
        label = "FAIL" if not check.ok else "WARN" if check.warn else "OK"
        click.echo(f"{label:<4} {check.name}: {check.detail}")
        failed += not check.ok
    click.echo(f"{failed} failure(s)." if failed else "All checks passed.")
    sys.exit(1 if failed else 0)


@click.command("backup")
@click.option("--output", type=click.Path(dir_okay=False), help="Archive path (default: instance/backups/...).")
@with_appcontext
def backup(output: str | None) -> None:
    """Write one archive: the database, the keys folder and a manifest with checksums."""
    from datetime import datetime

    from lms.backup import BackupError, create_backup

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(output) if output else Path(current_app.instance_path) / "backups" / f"lms-{stamp}.tar.gz"
    try:
        path = create_backup(target)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {path} ({path.stat().st_size} bytes)")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def restore(archive: str) -> None:
    """Restore an archive from `flask lms backup` into this instance, whose database and keys must be empty."""
    from lms.backup import BackupError, restore_backup

    try:
        restored = restore_backup(Path(archive))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the {restored.backend} database and {restored.keys} key file(s). "
               "Run `flask db upgrade` if this version of the LMS is newer than the backup.")
