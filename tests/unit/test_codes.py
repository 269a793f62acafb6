"""Certificate identifiers: enough randomness, and short codes forgiving of how people type them."""
import math
from datetime import datetime, timedelta

from lms.certificates.documents.codes import (
    ALPHABET,
    PUBLIC_ID,
    SHORT_CODE,
    new_public_id,
    new_short_code,
    normalize_short_code,
)
from lms.certificates.documents.status import certificate_status


def test_public_ids_carry_at_least_128_random_bits_and_do_not_repeat():
    ids = {new_public_id() for _ in range(2000)}
    assert len(ids) == 2000 and all(PUBLIC_ID.match(i) for i in ids)
    assert len(next(iter(ids))) * math.log2(64) >= 128


def test_short_codes_use_an_unambiguous_alphabet():
    code = new_short_code()
    assert SHORT_CODE.match(code)
    assert not set("ILOU") & set(ALPHABET)


def test_typed_codes_are_normalized_whatever_the_case_spacing_and_look_alike_letters():
    assert normalize_short_code(" cdcp 7kq4 m2xa ") == "CDCP-7KQ4-M2XA"
    assert normalize_short_code("7KQ4-M2XA") == "CDCP-7KQ4-M2XA"
    assert normalize_short_code("CDCP-7KQ4-M2XO") == "CDCP-7KQ4-M2X0"
    for bad in ("", "CDCP-7KQ4", "<script>", "CDCP-7KQ4-M2XA-EXTRA", None):
        assert normalize_short_code(bad) is None


def test_status_precedence_is_revoked_then_superseded_then_expired():
    now = datetime(2026, 11, 23)
    past = now - timedelta(days=1)
    assert certificate_status(expires_at=past, revoked_reason="x", superseded=True, now=now).code == "revoked"
    assert certificate_status(expires_at=past, revoked_reason=None, superseded=True, now=now).code == "superseded"
    assert certificate_status(expires_at=past, revoked_reason=None, superseded=False, now=now).code == "expired"
    assert certificate_status(expires_at=None, revoked_reason=None, superseded=False, now=now).code == "valid"
