"""`flask lms doctor`: one line per check, exit 1 on any failure (migrations, keys, mail, worker)."""
import os
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from lms.centers.service import create_center
from lms.certificates.documents import keys
from lms.certificates.issuing import center_keys as keyring
from tests.support.smtp import SmtpServer


def doctor(app):
    return CliRunner().invoke(app.cli, ["lms", "doctor"])


@pytest.fixture
def migrated(app):
    """The test schema (create_all) stamped at the migrations' head, as `flask db upgrade` leaves it."""
    result = CliRunner().invoke(app.cli, ["db", "stamp", "head"])
    assert result.exit_code == 0, result.output
    return app


def test_a_healthy_instance_passes_with_one_line_per_check(migrated):
    keyring.create_center_key(create_center(name="Southeast RTC", region="NC"))
    result = doctor(migrated)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for name in ("secret key", "base URL", "rate limits", "database", "migrations", "queue", "worker", "mail",
                 "signing key southeast-rtc"):
        assert any(line.split(":")[0].endswith(name) and line[:4].strip() in ("OK", "WARN") for line in lines), name
    assert "WARN rate limits: memory:// counts per process" in result.output
    assert lines[-1] == "All checks passed."


def test_an_unmigrated_database_fails(app):
    result = doctor(app)
    assert result.exit_code == 1 and "FAIL migrations: the database is not migrated" in result.output


def test_a_signing_key_readable_by_others_fails_and_says_how_to_fix_it(migrated):
    row = keyring.create_center_key(create_center(name="Southeast RTC", region="NC"))
    os.chmod(row.key_path, 0o644)
    result = doctor(migrated)
    assert result.exit_code == 1
    assert f"FAIL signing key southeast-rtc: {row.key_path} has permissions 0o644: run chmod 600" in result.output


def test_a_missing_or_expired_signing_key_fails(migrated):
    missing = create_center(name="Northern RTC", region="NC")
    expired = create_center(name="Western RTC", region="NC")
    old = keys.generate_signing_key("Western RTC", days=1, now=datetime.now(UTC) - timedelta(days=10))
    keyring._store(expired, old, source="self-signed", actor_id=None)
    result = doctor(migrated)
    assert result.exit_code == 1
    assert f"FAIL signing key {missing.slug}: no signing key" in result.output
    assert f"FAIL signing key {expired.slug}: certificate expired on" in result.output


def test_an_unreachable_mail_server_fails(migrated, app):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    result = doctor(migrated)
    assert result.exit_code == 1 and f"FAIL mail: 127.0.0.1:{port} does not answer" in result.output


def test_a_reachable_mail_server_passes(migrated, app):
    with SmtpServer() as smtp:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        result = doctor(migrated)
    assert f"OK   mail: 127.0.0.1:{smtp.port} answers EHLO" in result.output


def test_a_queue_without_a_live_worker_fails(migrated, tmp_path):
    from tests.conftest import make_app

    queued = make_app(tmp_path, QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    with queued.app_context():
        result = doctor(queued)
    assert "FAIL worker: no task worker has started" in result.output and result.exit_code == 1
