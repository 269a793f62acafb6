"""`flask lms backup` and `flask lms restore`: a certificate issued before the backup still verifies and still
downloads from a fresh instance restored from the archive; restore refuses a non-empty target or a damaged
archive."""
import hashlib
import io
import json
import tarfile
import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select, text

from lms.certificates.models import Certificate, CertificateDocument
from tests.conftest import PASSWORD, make_app
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg


def cli(app, *args):
    with app.app_context():
        return CliRunner().invoke(app.cli, list(args))


@pytest.fixture
def archive(app, db, issuing_center, make_user, tmp_path):  # noqa: F811
    """A backup taken after one certificate was issued; returns (archive path, certificate facts, learner email)."""
    learner = make_user(full_name="Jordan Ellis")
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate))
    document = db.session.scalar(select(CertificateDocument).where(
        CertificateDocument.certificate_id == certificate.id))
    facts = {"public_id": certificate.public_id, "sha256": document.sha256}
    result = cli(app, "lms", "backup", "--output", str(tmp_path / "backup.tar.gz"))
    assert result.exit_code == 0, result.output
    return tmp_path / "backup.tar.gz", facts, learner.email


@pytest.fixture
def empty_target(tmp_path, db_backend, request):
    """A second, empty instance: a new SQLite file or a new PostgreSQL database, and its own keys folder."""
    folder = tmp_path / "restored"
    if db_backend == "sqlite":
        yield make_app(folder, KEYS_DIR=str(folder / "keys"))
        return
    base = request.getfixturevalue("postgres_url")
    name = f"lms_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = make_app(folder, base.rsplit("/", 1)[0] + "/" + name, KEYS_DIR=str(folder / "keys"))
        yield target
        with target.app_context():
            from lms.extensions import db

            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_restored_instance_still_verifies_and_serves_an_earlier_certificate(app, archive, empty_target):
    path, facts, email = archive
    manifest = json.load(tarfile.open(path).extractfile("manifest.json"))
    assert manifest["database"]["revisions"] is not None
    assert any(f["name"].startswith("keys/") for f in manifest["files"])
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])
    result = cli(empty_target, "lms", "restore", str(path))
    assert result.exit_code == 0, result.output
    client = empty_target.test_client()
    record = client.get(f"/verify/{facts['public_id']}.json").get_json()
    assert record["status"] == "valid" and record["learner_name"] == "Jordan Ellis"
    assert client.post("/signin", data={"email": email, "password": PASSWORD}).status_code == 302
    pdf = client.get(f"/certificates/{facts['public_id']}/certificate.pdf")
    assert pdf.status_code == 200 and hashlib.sha256(pdf.data).hexdigest() == facts["sha256"]
    with empty_target.app_context():
        from lms.certificates.issuing.center_keys import active_key, signing_key

        key_row = active_key(1)
        assert key_row.key_path.startswith(empty_target.config["KEYS_DIR"])
        assert signing_key(key_row).fingerprint == key_row.fingerprint
    again = cli(empty_target, "lms", "restore", str(path))
    assert again.exit_code == 1 and "refusing to restore: the target database is not empty" in again.output


def test_restore_refuses_a_damaged_archive_and_writes_nothing(app, archive, empty_target, tmp_path):
    path, _, _ = archive
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(path) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("database/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.addfile(member, io.BytesIO(data))
    result = cli(empty_target, "lms", "restore", str(damaged))
    assert result.exit_code == 1 and "checksum does not match the manifest" in result.output
    with empty_target.app_context():
        from sqlalchemy import inspect

        from lms.extensions import db

        assert inspect(db.engine).get_table_names() == []
