"""W3C Bitstring Status List v1.0 for Open Badges credentials: the entry each credential carries, and the status list
credential a center publishes (bit i set = the certificate with status index i is revoked). Pure.

The list is GZIP-compressed, then multibase base64url (prefix "u", no padding); index 0 is the most significant
bit of the first byte. Lists are at least 131,072 entries (16 KB) so one bit says little about any one person."""
from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from typing import Any

MIN_ENTRIES = 131_072
PURPOSE = "revocation"
CONTEXT = ["https://www.w3.org/ns/credentials/v2"]


def entry(list_url: str, index: int) -> dict[str, Any]:
    """The credentialStatus of a credential whose status is bit `index` of the list at `list_url`."""
    return {"id": f"{list_url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(index), "statusListCredential": list_url}


def encode(revoked: Iterable[int], *, size: int | None = None) -> str:
    """The encodedList for these set indices (size rounded up to whole 131,072-entry blocks)."""
    revoked = sorted(set(revoked))
    if revoked and revoked[0] < 0:
        raise ValueError("status indices are not negative")
    needed = max(size or 0, (revoked[-1] + 1) if revoked else 0, 1)
    entries = -(-needed // MIN_ENTRIES) * MIN_ENTRIES
    bits = bytearray(entries // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode()


def is_set(encoded: str, index: int) -> bool:
    """Whether bit `index` of an encodedList is set (ValueError for a malformed list or an index beyond it)."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (prefix 'u')")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    if not 0 <= index < len(raw) * 8:
        raise ValueError(f"status index {index} is outside the list of {len(raw) * 8} entries")
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(*, list_url: str, issuer_id: str, revoked: Iterable[int], valid_from: str,
                           size: int | None = None) -> dict[str, Any]:
    """The BitstringStatusListCredential (to be signed by the center's key and served at `list_url`)."""
    return {"@context": list(CONTEXT), "id": list_url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": issuer_id,
            "validFrom": valid_from,
            "credentialSubject": {"id": f"{list_url}#list", "type": "BitstringStatusList", "statusPurpose": PURPOSE,
                                  "encodedList": encode(revoked, size=size)}}
