"""`flask lms doctor`: configuration, database and migrations, queue and worker, mail, and each center's signing
key, one Check each (see lms.health)."""
from __future__ import annotations

import smtplib
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from lms.health import Check, check_database, check_queue, check_worker

KEY_EXPIRY_WARNING = timedelta(days=30)


def run_checks() -> list[Check]:
    """Every check, in the order printed."""
    database = check_database()
    checks = [*check_configuration(), database]
    if database.ok:
        checks.append(check_migrations())
    checks += [check_queue(), _as_failure(check_worker()), check_mail()]
    if database.ok:
        checks += check_center_keys()
    return checks


def _as_failure(check: Check) -> Check:
    """The doctor counts a missing worker as a failure: certificates and mail would wait for ever."""
    return Check(check.name, check.ok, check.detail)


def check_configuration() -> list[Check]:
    """Environment, secret, base URL and rate-limit storage."""
    from lms.config import MIN_SECRET_BYTES, base_url_problem

    config = current_app.config
    production = config["ENV"] == "production"
    checks = []
    secret_bytes = len((config.get("SECRET_KEY") or "").encode())
    long_enough = secret_bytes >= MIN_SECRET_BYTES
    checks.append(Check("secret key", long_enough or not production,
                        f"{secret_bytes} bytes" + ("" if long_enough else
                                                   f"; set LMS_SECRET_KEY to at least {MIN_SECRET_BYTES}"),
                        warn=not long_enough))
    problem = base_url_problem(config["BASE_URL"])
    if problem and not production:
        checks.append(Check("base URL", True, f"{config['BASE_URL']} (development; production needs public https)",
                            warn=True))
    else:
        checks.append(Check("base URL", problem is None,
                            config["BASE_URL"] if not problem else f"LMS_BASE_URL {problem}"))
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if storage.startswith("memory://"):
        checks.append(Check("rate limits", True, "memory:// counts per process (each gunicorn worker has its own "
                                                 "limit); set LMS_RATELIMIT_STORAGE_URI=redis://... to share",
                            warn=True))
    else:
        from lms.logs import redact_url

        checks.append(Check("rate limits", True, redact_url(storage)))
    checks.append(Check("environment", True, config["ENV"]))
    return checks


def check_migrations() -> Check:
    """The database is at the migrations' head revision(s)."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from lms.extensions import db

    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    heads = set(script.get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if not current:
        return Check("migrations", False, "the database is not migrated: run `flask db upgrade`")
    if current != heads:
        return Check("migrations", False, f"at {', '.join(sorted(current))}, head is {', '.join(sorted(heads))}: "
                                          "run `flask db upgrade`")
    return Check("migrations", True, f"at head {', '.join(sorted(heads))}")


def check_mail() -> Check:
    """The SMTP server answers (no sign-in is tried); without one, where mail is written."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        production = config["ENV"] == "production"
        return Check("mail", not production, f"no LMS_MAIL_SERVER: mail is written to {config['MAIL_OUTBOX_DIR']}")
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    try:
        client = smtplib.SMTP_SSL if port == 465 else smtplib.SMTP
        with client(host, port, timeout=10) as smtp:
            code, _ = smtp.ehlo()
            tls = "STARTTLS offered" if smtp.has_extn("starttls") else "no STARTTLS"
    except (OSError, smtplib.SMTPException) as error:
        return Check("mail", False, f"{host}:{port} does not answer: {type(error).__name__}: {error}"[:200])
    if config.get("MAIL_USE_TLS") and port != 465 and tls == "no STARTTLS":
        return Check("mail", False, f"{host}:{port} answers but does not offer STARTTLS (LMS_MAIL_USE_TLS is on)")
    return Check("mail", code == 250, f"{host}:{port} answers EHLO ({tls if port != 465 else 'implicit TLS'})")


def check_center_keys(now: datetime | None = None) -> list[Check]:
    """Each center has an active key whose file is owner-only and readable and whose certificate is in date."""
    from lms.centers.models import Center
    from lms.certificates.issuing.center_keys import active_key
    from lms.extensions import db

    now = now or datetime.now(UTC)
    checks = []
    for center in db.session.scalars(select(Center).order_by(Center.slug)):
        name = f"signing key {center.slug}"
        row = active_key(center.id)
        if row is None:
            checks.append(Check(name, False, "no signing key: `flask lms center keygen` or import-key"))
            continue
        checks.append(_key_file_check(name, row, now))
    return checks


def _key_file_check(name: str, row, now: datetime) -> Check:
    from lms.certificates.documents.keys import SigningKeyError, load_key_file

    path = Path(row.key_path)
    if not path.is_file():
        return Check(name, False, f"key file {path} is missing")
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return Check(name, False, f"{path} has permissions {oct(mode & 0o777)}: run chmod 600 {path}")
    try:
        key = load_key_file(path)
    except (OSError, SigningKeyError) as error:
        return Check(name, False, f"cannot read {path}: {error}")
    expires = key.certificate.not_valid_after_utc
    if expires <= now:
        return Check(name, False, f"certificate expired on {expires:%Y-%m-%d}: make or import a new key")
    days = (expires - now).days
    if expires - now < KEY_EXPIRY_WARNING:
        return Check(name, True, f"certificate expires in {days} days ({expires:%Y-%m-%d})", warn=True)
    return Check(name, True, f"{row.fingerprint[:16]}…, expires {expires:%Y-%m-%d}")
