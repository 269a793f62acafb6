"""Password rules and hashing (checklist 12)."""
from lms.auth.passwords import hash_password, password_problem, verify_password


def test_short_passwords_are_refused():
    assert "at least 8" in password_problem("Ab1!xyz")


def test_common_passwords_are_refused_whatever_their_case():
    for common in ("password", "PASSWORD1", "iloveyou", "12345678", "qwertyuiop", "aaaaaaaaaa"):
        assert "too common" in password_problem(common), common


def test_passwords_that_contain_the_email_name_are_refused():
    assert password_problem("jordan.ellis2026", email="jordan.ellis@example.org")


def test_a_long_uncommon_phrase_is_accepted():
    assert password_problem("blue kettle on the porch") is None


def test_hashes_use_a_slow_kdf_and_verify():
    hashed = hash_password("blue kettle on the porch")
    assert hashed.startswith("scrypt:") and verify_password(hashed, "blue kettle on the porch")
    assert not verify_password(hashed, "blue kettle on the porch!")
