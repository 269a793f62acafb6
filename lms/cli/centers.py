"""`flask lms center create|keygen|import-key` and `flask lms invite`: training centers and their people."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

center_cli = AppGroup("center", help="Training centers: create, signing keys.")


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


@click.command("invite")
@click.argument("email")
@click.option("--center", "slug", required=True, help="The center's slug (see `flask lms center create`).")
@click.option("--role", type=click.Choice(["learner", "trainer", "center_admin", "agency_coordinator"]),
              default="learner", show_default=True)
@click.option("--name", "full_name", default="", help="Full name (for a new account; default: from the email).")
@click.option("--discipline", type=click.Choice(["officer", "clinician", "cps_worker", "other"]), default="other",
              show_default=True)
@click.option("--agency", default="")
@with_appcontext
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
