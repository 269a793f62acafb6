"""`flask lms ...` commands: thin wrappers that call services."""
from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from lms.contentfiles import ContentErrors

lms_cli = AppGroup("lms", help="CD-CP cross-training LMS commands.")
content_cli = AppGroup("content", help="Check and import curriculum and quizzes.")
lms_cli.add_command(content_cli)


def _content_dirs(curriculum: str | None, quizzes: str | None, programs: str | None = None) -> tuple[Path, ...]:
    return (Path(curriculum or current_app.config["CURRICULUM_DIR"]),
            Path(quizzes or current_app.config["QUIZZES_DIR"]),
            Path(programs or current_app.config["PROGRAMS_DIR"]))


def _fail_with(errors: ContentErrors) -> None:
    for error in errors.errors:
        click.echo(str(error), err=True)
    click.echo(f"{len(errors.errors)} problem(s) found; nothing was imported.", err=True)
    sys.exit(1)


@content_cli.command("import")
@click.option("--curriculum", help="Curriculum folder (default: the shipped one).")
@click.option("--quizzes", help="Quizzes folder (default: the shipped one).")
@click.option("--programs", help="Programs folder (default: the shipped one).")
@click.option("--force", is_flag=True, help="Import modules changed on the web too (overwrites them; audited).")
def content_import(curriculum: str | None, quizzes: str | None, programs: str | None, force: bool) -> None:
    """Validate everything, then publish changed modules and programs as new versions; a module changed both
    in the files and on the web is refused unless --force."""
    from lms.authoring.file_sync import import_vet
    from lms.publishing import import_content

    dirs = _content_dirs(curriculum, quizzes, programs)
    try:
        report = import_content(*dirs, vet=import_vet(dirs[0].parent, force=force))
    except ContentErrors as errors:
        _fail_with(errors)
        return
    for result in report.results:
        state = "new version" if result.created else "unchanged"
        click.echo(f"{result.slug}: version {result.version.number} ({state})")
    for result in report.programs:
        state = "new version" if result.created else "unchanged"
        click.echo(f"program {result.slug}: version {result.version.number} ({state})")
    click.echo(f"{len(report.results)} module(s); {report.created} new version(s); {len(report.programs)} program(s).")
    for why in report.refused:
        click.echo(f"not imported, {why}", err=True)
    if any(why.startswith("refused") for why in report.refused):
        sys.exit(1)


@content_cli.command("check")
@click.option("--curriculum", help="Curriculum folder (default: the shipped one).")
@click.option("--quizzes", help="Quizzes folder (default: the shipped one).")
@click.option("--programs", help="Programs folder (default: the shipped one).")
def content_check(curriculum: str | None, quizzes: str | None, programs: str | None) -> None:
    """Validate content and the writing rules without importing; exit 1 on any problem."""
    from lms.publishing import check_item, load_content, load_program_files
    from lms.quizzes.assessment import assess

    curriculum_dir, quizzes_dir, programs_dir = _content_dirs(curriculum, quizzes, programs)
    try:
        specs = load_content(curriculum_dir, quizzes_dir)
        programs = load_program_files(programs_dir, specs)
    except ContentErrors as errors:
        _fail_with(errors)
        return
    failed = 0
    for item in specs:
        report = check_item(item)
        click.echo(report.line())
        if item.quiz is not None:
            click.echo(f"     quiz: {assess(item.quiz).summary()}")
        for problem in report.problems:
            click.echo(f"  {problem}")
        for warning in report.warnings:
            click.echo(f"  warning: {warning}")
        failed += bool(report.problems)
    failed += _check_programs(programs, specs)
    click.echo(f"{len(specs)} module(s) and {len(programs)} program(s) checked; {failed} with problems.")
    sys.exit(1 if failed else 0)


def _check_programs(programs, items) -> int:
    """Print each program's check; the number of programs with problems."""
    from lms.programs.checks import check_program

    modules = {item.module.slug: item.module for item in items}
    failed = 0
    for spec in programs:
        report = check_program(spec, modules)
        click.echo(report.line())
        for line in report.problems:
            click.echo(f"  {line}")
        for line in report.warnings:
            click.echo(f"  warning: {line}")
        failed += bool(report.problems)
    return failed


@lms_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt="Full name")
@click.password_option()
def create_admin(email: str, full_name: str, password: str) -> None:
    """Create the first site administrator (or make an existing account one)."""
    from lms.accounts_admin import make_site_admin

    try:
        user = make_site_admin(email=email, full_name=full_name, password=password)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{user.email} is a site administrator.")


@lms_cli.command("demo")
def demo() -> None:
    """Create the demo training center and accounts (idempotent) and print how to sign in."""
    from lms.demo import DEMO_PASSWORD, create_demo_data

    accounts = create_demo_data()
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for role, email in accounts:
        click.echo(f"  {role:<22} {email}")


@lms_cli.command("reminders")
def reminders() -> None:
    """Send the reminders due now (what the worker does every hour); what was already sent is skipped."""
    from lms.reminders.service import send_all_reminders
    from lms.timeutil import utcnow

    sent = send_all_reminders(utcnow())
    click.echo(f"Reminders sent: {sent['due']} due-date, {sent['certificates']} certificate, "
               f"{sent['digests']} digest.")


center_cli = AppGroup("center", help="Training centers: create, signing keys.")
lms_cli.add_command(center_cli)


def _center_or_fail(slug: str):
    from sqlalchemy import select

    from lms.centers.models import Center
    from lms.extensions import db

    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None:
        raise click.ClickException(f"no center with the slug '{slug}'")
    return center


@center_cli.command("create")
@click.argument("name")
@click.option("--region", default="", help="City and state, e.g. 'Charlotte, NC'.")
def center_create(name: str, region: str) -> None:
    """Create the training center NAME (prints its slug; an existing center of that name is reused)."""
    from lms.centers.service import create_center

    center = create_center(name=name, region=region)
    click.echo(f"Center '{center.name}': slug {center.slug}")


@lms_cli.command("invite")
@click.argument("email")
@click.option("--center", "slug", required=True, help="The center's slug (see `flask lms center create`).")
@click.option("--role", type=click.Choice(["learner", "trainer", "center_admin", "agency_coordinator"]),
              default="learner", show_default=True)
@click.option("--name", "full_name", default="", help="Full name (for a new account; default: from the email).")
@click.option("--discipline", type=click.Choice(["officer", "clinician", "cps_worker", "other"]), default="other",
              show_default=True)
@click.option("--agency", default="")
def invite(email: str, slug: str, role: str, full_name: str, discipline: str, agency: str) -> None:
    """Invite EMAIL to a center with a role: the invitation link is emailed through the queue."""
    from email_validator import EmailNotValidError, validate_email

    from lms.centers.invitations import InvitationError, invite_person

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.ClickException(f"'{email}' is not a valid email address ({error})") from None
    name = full_name or email.split("@")[0].replace(".", " ").title()
    try:
        outcome = invite_person(center=_center_or_fail(slug), email=email, full_name=name[:120],
                                discipline=discipline, agency=agency, role=role, actor=None)
    except InvitationError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{outcome.user.email} invited to {slug} as {role}; the link is on its way."
               if outcome.invited else f"{outcome.user.email} already had an account; now {role} at {slug}.")


@center_cli.command("keygen")
@click.argument("slug")
def center_keygen(slug: str) -> None:
    """Make a new self-signed signing key for the center SLUG (stored owner-only under LMS_KEYS_DIR)."""
    from lms.certificates.issuing.center_keys import create_center_key

    key = create_center_key(_center_or_fail(slug))
    click.echo(f"New signing key for {slug}: SHA-256 {key.fingerprint}\n  key file: {key.key_path}")


@center_cli.command("import-key")
@click.argument("slug")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
@click.option("--password", default="", help="The PKCS#12 file's password (prompted when needed).")
def center_import_key(slug: str, bundle: str, password: str) -> None:
    """Install a key and certificate for center SLUG from a certificate authority's PKCS#12 file."""
    from lms.certificates.documents.keys import SigningKeyError
    from lms.certificates.issuing.center_keys import import_center_key

    try:
        key = import_center_key(_center_or_fail(slug), Path(bundle).read_bytes(), password.encode() or None)
    except SigningKeyError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Imported signing key for {slug}: SHA-256 {key.fingerprint}")


@lms_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
def worker(workers: int) -> None:
    """Run the task queue's worker (certificate issuing, email) until interrupted."""
    from lms.queue import huey
    from lms.worker import run_worker

    if huey.immediate:
        raise click.ClickException("LMS_QUEUE_URL is 'immediate': tasks already run in the web process")
    run_worker(current_app._get_current_object(), threads=workers)


@lms_cli.command("doctor")
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


@lms_cli.command("backup")
@click.option("--output", type=click.Path(dir_okay=False), help="Archive path (default: instance/backups/...).")
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


@lms_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def restore(archive: str) -> None:
    """Restore an archive from `flask lms backup` into this instance, whose database and keys must be empty."""
    from lms.backup import BackupError, restore_backup

    try:
        restored = restore_backup(Path(archive))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the {restored.backend} database and {restored.keys} key file(s). "
               "Run `flask db upgrade` if this version of the LMS is newer than the backup.")


def init_app(app: Flask) -> None:
    """Register the command group."""
    app.cli.add_command(lms_cli)


def console_group() -> click.Group:
    """Every `flask --app lms` command, with the `lms` group's commands also at the top level."""
    from flask.cli import FlaskGroup

    from lms import create_app

    cli = FlaskGroup(name="lms", create_app=create_app, help="CD-CP cross-training LMS.")
    for name, command in lms_cli.commands.items():
        cli.add_command(command, name)
    return cli


def main() -> None:
    """The `lms` console script (`lms db upgrade`, `lms content import`, `lms doctor`, `lms worker`)."""
    console_group().main(prog_name="lms")
