"""Publishing immutable versions keyed by content hash (modules and programs share this). Does not commit."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from lms.extensions import db


@dataclass(frozen=True)
class PublishResult:
    """What happened to one module or program: a new version, or unchanged."""

    slug: str
    version: Any
    created: bool


def publish_version(*, identity_model: type, version_model: type, slug: str, content_hash: str,
                    build: Callable[[int, int], Any]) -> tuple[Any, Any, bool]:
    """Find or create the identity by slug; reuse the version with this content hash, else add
    `build(identity_id, number)` as the next version. Either way it becomes current.
    Returns (identity, version, created)."""
    identity = db.session.scalar(select(identity_model).where(identity_model.slug == slug))
    if identity is None:
        identity = identity_model(slug=slug)
        db.session.add(identity)
        db.session.flush()
    parent = version_model.__table__.c[f"{identity_model.__tablename__[:-1]}_id"]
    existing = db.session.scalar(select(version_model).where(parent == identity.id,
                                                             version_model.content_hash == content_hash))
    if existing is not None:
        if identity.current_version_id != existing.id:
            identity.current_version = existing
        return identity, existing, False
    number = (db.session.scalar(select(func.max(version_model.number)).where(parent == identity.id)) or 0) + 1
    version = build(identity.id, number)
    db.session.add(version)
    db.session.flush()
    identity.current_version = version
    return identity, version, True
