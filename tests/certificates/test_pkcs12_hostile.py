"""A hostile PKCS#12 import (NUL in the password, a panic in the Rust binding) is a clear refusal, not a crash."""
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from lms.certificates.documents import keys
from lms.certificates.documents.keys import SigningKeyError, import_pkcs12


@pytest.fixture
def bundle(center_key) -> bytes:
    return pkcs12.serialize_key_and_certificates(b"center", center_key.private_key, center_key.certificate, None,
                                                 serialization.BestAvailableEncryption(b"pw"))


def test_a_nul_byte_in_the_password_is_refused_with_a_message(bundle):
    with pytest.raises(SigningKeyError, match="NUL"):
        import_pkcs12(bundle, b"p\x00w")


class PanicException(BaseException):
    """Stands in for pyo3's PanicException, which derives from BaseException."""


def test_a_panic_in_the_pkcs12_reader_becomes_a_signing_key_error(bundle, monkeypatch):
    def panics(*_args):
        raise PanicException("called `Result::unwrap()` on an `Err` value")

    monkeypatch.setattr(keys.pkcs12, "load_key_and_certificates", panics)
    with pytest.raises(SigningKeyError, match="cannot read"):
        import_pkcs12(bundle, b"pw")


def test_an_interrupt_while_reading_still_interrupts(bundle, monkeypatch):
    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(keys.pkcs12, "load_key_and_certificates", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_pkcs12(bundle, b"pw")
