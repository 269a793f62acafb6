"""Certificate identifiers: a public id of 128+ random bits for URLs, and a short code people can type. Pure."""
from __future__ import annotations

import re
import secrets

# Crockford's base-32 alphabet: no I, L, O or U, so codes survive being read aloud or typed from paper.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
SHORT_CODE = re.compile(r"^CDCP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_public_id() -> str:
    """192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


def new_short_code() -> str:
    """`CDCP-XXXX-XXXX`: 40 random bits in Crockford base 32 (a typing aid; the public id is the secret, and
    guessing codes is rate-limited). Issuance checks it is unused."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"CDCP-{chars[:4]}-{chars[4:]}"


def normalize_short_code(typed: str) -> str | None:
    """A typed code in canonical form (case, spaces, dashes and look-alike letters forgiven), or None."""
    cleaned = re.sub(r"[\s\-_.]", "", (typed or "").upper()).translate(_CONFUSABLE)
    if cleaned.startswith("CDCP"):
        cleaned = cleaned[4:]
    if len(cleaned) != 8:
        return None
    code = f"CDCP-{cleaned[:4]}-{cleaned[4:]}"
    return code if SHORT_CODE.match(code) else None
