"""A center admin sets what certificates state and installs a signing key; bad input gets a clear message."""
import io
import os
import stat
from datetime import UTC
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from sqlalchemy import select

from lms.certificates.documents.keys import generate_signing_key
from lms.certificates.models import CenterKey, CenterSettings
from lms.programs.models import Program

pytestmark = pytest.mark.pg


@pytest.fixture
def admin_client(client, make_user, login, content):
    login(make_user("center_admin"))
    return client


def test_settings_are_saved_with_per_program_numbers(admin_client, center, db):
    program = db.session.scalar(select(Program))
    response = admin_client.post(f"/centers/{center.slug}/admin/settings", data={
        "signatory_name": "Dr. Ada Lovelace", "signatory_title": "Director", "ce_provider_name": "RTC",
        "ce_provider_number": "CE-9", "requires_approval": "y", f"post_{program.id}": "POST-77",
        f"statement_{program.id}": "Approved for 2 hours."})
    assert response.status_code == 302
    saved = db.session.get(CenterSettings, center.id)
    assert saved.signatory_name == "Dr. Ada Lovelace" and saved.requires_approval is True
    assert "POST-77" in admin_client.get(f"/centers/{center.slug}/admin/settings").get_data(as_text=True)


def test_missing_signatory_and_overlong_numbers_are_refused_with_messages(admin_client, center, db):
    program = db.session.scalar(select(Program))
    response = admin_client.post(f"/centers/{center.slug}/admin/settings", data={
        "signatory_name": "", "signatory_title": "Director", f"post_{program.id}": "9" * 81})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "This field is required" in html and "at most 80 characters" in html
    assert db.session.get(CenterSettings, center.id) is None


def test_generating_a_key_stores_it_outside_the_database_owner_only(admin_client, center, db, app):
    admin_client.post(f"/centers/{center.slug}/admin/key", data={"confirm": "y"})
    key = db.session.scalar(select(CenterKey))
    path = Path(key.key_path)
    assert path.is_relative_to(Path(app.config["KEYS_DIR"]))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "PRIVATE KEY" not in key.certificate_pem


def test_a_pkcs12_from_a_certificate_authority_is_imported(admin_client, center, db):
    ca_key = generate_signing_key("Southeast Regional Training Center")
    bundle = pkcs12.serialize_key_and_certificates(b"rtc", ca_key.private_key, ca_key.certificate, None,
                                                   BestAvailableEncryption(b"secret"))
    response = admin_client.post(f"/centers/{center.slug}/admin/key/import", data={
        "bundle": (io.BytesIO(bundle), "center.p12"), "password": "secret"}, content_type="multipart/form-data")
    assert response.status_code == 302
    key = db.session.scalar(select(CenterKey))
    assert key.source == "pkcs12" and key.fingerprint == ca_key.fingerprint


@pytest.mark.parametrize("upload,password,message", [
    (b"not a pkcs12 file at all", "", "could not be used"),
    (b"0" * (65 * 1024), "", "File must be"),
])
def test_a_bad_key_file_gets_a_clear_message_and_installs_nothing(admin_client, center, db, upload, password,
                                                                  message):
    response = admin_client.post(f"/centers/{center.slug}/admin/key/import", data={
        "bundle": (io.BytesIO(upload), "center.p12"), "password": password}, content_type="multipart/form-data",
        follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(CenterKey)) is None


def test_a_new_self_signed_key_waits_for_confirmation_and_says_what_happens(admin_client, center, db):
    ca_key = generate_signing_key("Southeast Regional Training Center")
    bundle = pkcs12.serialize_key_and_certificates(b"rtc", ca_key.private_key, ca_key.certificate, None,
                                                   BestAvailableEncryption(b"secret"))
    admin_client.post(f"/centers/{center.slug}/admin/key/import", data={
        "bundle": (io.BytesIO(bundle), "center.p12"), "password": "secret"}, content_type="multipart/form-data")
    page = admin_client.post(f"/centers/{center.slug}/admin/key")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "came from a certificate authority" in html
    assert "keep verifying" in html
    assert db.session.scalar(select(CenterKey).where(CenterKey.active.is_(True))).source == "pkcs12"
    assert admin_client.post(f"/centers/{center.slug}/admin/key", data={"confirm": "y"}).status_code == 302
    assert db.session.scalar(select(CenterKey).where(CenterKey.active.is_(True))).source == "self-signed"


def test_an_expired_certificate_is_refused_with_a_clear_message(admin_client, center, db):
    from datetime import datetime, timedelta

    old = generate_signing_key("Southeast Regional Training Center", days=10,
                               now=datetime.now(UTC) - timedelta(days=30))
    bundle = pkcs12.serialize_key_and_certificates(b"rtc", old.private_key, old.certificate, None,
                                                   BestAvailableEncryption(b"secret"))
    response = admin_client.post(f"/centers/{center.slug}/admin/key/import", data={
        "bundle": (io.BytesIO(bundle), "center.p12"), "password": "secret"}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "expired on" in response.get_data(as_text=True)
    assert db.session.scalar(select(CenterKey)) is None
