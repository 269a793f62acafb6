"""Mail: TLS against a real aiosmtpd server with a self-signed certificate made for the test; headers as sent."""
from __future__ import annotations

import datetime
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lms.mail import send_mail
from tests.support.smtp import SmtpServer


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (certificate file, key file)."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def configure(app, server, *, ca_file=None, starttls=False, implicit=False) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=starttls,
                      MAIL_USE_SSL=implicit, MAIL_CA_FILE=str(ca_file) if ca_file else None)


def send(app) -> str:
    return send_mail(to="learner@example.org", subject="Hello", body="Plain words.",
                     html="<p>Rich <strong>words</strong>.</p>")


def test_starttls_to_a_self_signed_server_is_refused_by_default(app, certificate):
    with SmtpServer(tls_context=server_context(certificate), require_starttls=True) as server:
        configure(app, server, starttls=True)
        with pytest.raises(ssl.SSLCertVerificationError):
            send(app)
        assert server.messages == []


def test_starttls_is_accepted_with_the_ca_file_and_delivers_text_and_html(app, certificate):
    with SmtpServer(tls_context=server_context(certificate), require_starttls=True) as server:
        configure(app, server, starttls=True, ca_file=certificate[0])
        send(app)
        [message] = server.messages
    assert message.is_multipart() and message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()
    assert text.get_content_type() == "text/plain" and "Plain words." in text.get_payload(decode=True).decode()
    assert html.get_content_type() == "text/html" and "<strong>words</strong>" in html.get_payload(decode=True).decode()


def test_implicit_tls_to_a_self_signed_server_is_refused_by_default(app, certificate):
    with SmtpServer(ssl_context=server_context(certificate)) as server:
        configure(app, server, implicit=True)
        with pytest.raises(ssl.SSLCertVerificationError):
            send(app)
        assert server.messages == []


def test_implicit_tls_is_accepted_with_the_ca_file(app, certificate):
    with SmtpServer(ssl_context=server_context(certificate)) as server:
        configure(app, server, implicit=True, ca_file=certificate[0])
        send(app)
        assert [m["Subject"] for m in server.messages] == ["Hello"]


def test_a_long_list_unsubscribe_header_arrives_whole_not_as_encoded_words(app):
    url = "https://training.example-regional-center.org/unsubscribe/" + "WzMsIm92ZXJkdWUiXQ.lAYuQKoJZekcqj" * 2
    with SmtpServer() as server:
        configure(app, server)
        send_mail(to="learner@example.org", subject="Hello", body="Plain.",
                  headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
        [message] = server.messages
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
