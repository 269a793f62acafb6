"""Center signing keys: created (self-signed) or imported (PKCS#12), stored as owner-only files outside the
database; the certificate and its fingerprint are kept in the database for verifiers."""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from lms.audit.service import record_event
from lms.centers.models import Center
from lms.certificates.documents import keys
from lms.certificates.models import CenterKey
from lms.extensions import db

_loaded: dict[str, keys.SigningKey] = {}


def _store(center: Center, center_key: keys.SigningKey, *, source: str, actor_id: int | None) -> CenterKey:
    path = Path(current_app.config["KEYS_DIR"]) / center.slug / f"{center_key.fingerprint[:16]}.pem"
    key_path = keys.save_key_file(center_key, path)
    db.session.execute(update(CenterKey).where(CenterKey.center_id == center.id).values(active=False))
    row = CenterKey(center_id=center.id, fingerprint=center_key.fingerprint, key_path=str(key_path),
                    certificate_pem=center_key.certificate_pem,
                    source=source, active=True)
    db.session.add(row)
    record_event(action="center.key_installed", actor_id=actor_id, target_type="center", target_id=center.id,
                 center_id=center.id, detail={"fingerprint": center_key.fingerprint, "source": source})
    db.session.commit()
    return row


def create_center_key(center: Center, *, actor_id: int | None = None) -> CenterKey:
    """A new P-256 key with a self-signed certificate naming the center; it becomes the active key."""
    return _store(center, keys.generate_signing_key(center.name), source="self-signed", actor_id=actor_id)


def import_center_key(center: Center, data: bytes, password: bytes | None, *,
                      actor_id: int | None = None) -> CenterKey:
    """Install a key and certificate from a certificate authority's PKCS#12 file (SigningKeyError if unusable)."""
    return _store(center, keys.import_pkcs12(data, password), source="pkcs12", actor_id=actor_id)


def active_key(center_id: int) -> CenterKey | None:
    """The key a center signs with now."""
    return db.session.scalar(select(CenterKey).where(CenterKey.center_id == center_id, CenterKey.active.is_(True)))


def signing_key(row: CenterKey) -> keys.SigningKey:
    """The private key of a key row, read from its file once per process."""
    loaded = _loaded.get(row.fingerprint)
    if loaded is None:
        loaded = _loaded[row.fingerprint] = keys.load_key_file(Path(row.key_path))
    return loaded
