"""The record behind a certificate: which module versions (and content hashes) the learner completed."""
from __future__ import annotations

from sqlalchemy import select

from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db
from lms.progress.models import ModuleCompletion


def completed_versions(user_id: int) -> list[dict]:
    """Each completed module with the version number, content hash and completion time (UTC, ISO)."""
    rows = db.session.execute(select(Module.slug, ModuleVersion.number, ModuleVersion.content_hash,
                                     ModuleCompletion.completed_at)
                              .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.version_id)
                              .join(Module, Module.id == ModuleCompletion.module_id)
                              .where(ModuleCompletion.user_id == user_id).order_by(Module.position))
    return [{"module": slug, "version": number, "content_hash": content_hash, "completed_at": at.isoformat()}
            for slug, number, content_hash, at in rows]
