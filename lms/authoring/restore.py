"""Restore: an old version's stored files (or, for a version of the file import, the content folder's files when
they are still exactly that version's) are published again through the one publishing path, with a change
note, audited. Versions are keyed by their content hash, so the same files make the same immutable version
current again (its learners' records stay attached to it); history lists each restore."""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.audit.service import record_event
from lms.auth.models import User
from lms.authoring import pipeline
from lms.authoring.models import VersionSource
from lms.authoring.service import DraftRefused, refuse_unless_author
from lms.contentfiles import ContentErrors
from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db
from lms.publishing import ContentItem, load_content, publish_item

RESTORE = "authoring.restore"


def _from_content_folder(slug: str, content_hash: str) -> ContentItem | None:
    """A file-imported version's module as the content folders hold it now, if its files are still exactly that
    version's (the same content hash); None when they changed, are gone, or the folders do not load."""
    try:
        items = load_content(Path(current_app.config["CURRICULUM_DIR"]), Path(current_app.config["QUIZZES_DIR"]))
    except (ContentErrors, OSError):
        return None
    return next((i for i in items if i.module.slug == slug and i.module.content_hash == content_hash), None)


def restore_version(*, center_id: int, module: Module, number: int, note: str, actor_id: int) -> ModuleVersion:
    """Make version `number` of the module current again; refused unless its files are stored and still pass
    the content checks."""
    note = note.strip()
    if not note or len(note) > 2000:
        raise DraftRefused("Say in a sentence why this version is restored (at most 2,000 characters).")
    owner = module.owner_center_id
    if owner is not None and owner != center_id:
        raise DraftRefused("There is no module with that name.")
    refuse_unless_author(actor_id, center_id=center_id, owner_center_id=owner)
    version = db.session.scalar(select(ModuleVersion).where(ModuleVersion.module_id == module.id,
                                                            ModuleVersion.number == number))
    if version is None:
        raise DraftRefused(f"The module has no version {number}.")
    if version.id == module.current_version_id:
        raise DraftRefused(f"Version {number} is already the current version.")
    source = db.session.scalar(select(VersionSource).where(VersionSource.module_version_id == version.id))
    if source is None:
        item = _from_content_folder(module.slug, version.content_hash)
        if item is None:
            raise DraftRefused(f"Version {number} came from the file import, and the content folder no longer "
                               "holds it; restore it in the repository and run `flask lms content import`.")
    else:
        checked = pipeline.check_files(source.folder, dict(source.files))
        if not checked.publishable:
            first = (checked.errors + checked.rules)[0]
            raise DraftRefused(f"Version {number} no longer passes the content checks ({first.name}:{first.line}: "
                               f"{first.message}); start a draft from it instead.")
        item = checked.item
    try:
        result = publish_item(item, actor_id=actor_id)
        if result.created and source is not None:
            db.session.add(VersionSource(module_version_id=result.version.id, folder=source.folder,
                                         files=dict(source.files), change_note=note, published_by_id=actor_id,
                                         approved_by_id=actor_id))
        record_event(action=RESTORE, actor_id=actor_id, target_type="module", target_id=module.id,
                     center_id=center_id, detail={"module": module.slug, "restored": number,
                                                  "current": result.version.number, "note": note})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result.version


def restores(module_id: int) -> list[tuple[AuditEvent, str]]:
    """The latest restores of a module with who did them, newest first."""
    return list(db.session.execute(
        select(AuditEvent, User.full_name).outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.action == RESTORE, AuditEvent.target_type == "module",
               AuditEvent.target_id == str(module_id)).order_by(AuditEvent.id.desc()).limit(100)).all())
