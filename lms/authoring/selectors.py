"""Reads for authoring: a center's drafts, the site-wide queue of shared drafts in review, modules one may draft,
a module's version history."""
from __future__ import annotations

from flask import abort
from sqlalchemy import false, func, or_, select

from lms.auth.models import User
from lms.authoring.models import ModuleDraft, VersionSource
from lms.centers.models import Center
from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db
from lms.paging import Page, paginate

REVIEW_PAGE_SIZE = 50


def draft_or_404(center_id: int, draft_id: int) -> ModuleDraft:
    """The center's draft; another center's draft does not exist for this center's staff."""
    draft = db.session.get(ModuleDraft, draft_id)
    if draft is None or draft.center_id != center_id:
        abort(404)
    return draft


def center_drafts(center_id: int) -> list[ModuleDraft]:
    """The center's drafts, newest change first."""
    return list(db.session.scalars(select(ModuleDraft).where(ModuleDraft.center_id == center_id)
                                   .order_by(ModuleDraft.updated_at.desc(), ModuleDraft.id.desc())))


def published_modules(center_id: int) -> list[Module]:
    """The shared modules and the center's own with a current version, in course order."""
    return list(db.session.scalars(select(Module).where(
        Module.current_version_id.is_not(None),
        or_(Module.owner_center_id.is_(None), Module.owner_center_id == center_id))
        .order_by(Module.position, Module.slug)))


def module_for_center_or_404(slug: str, center_id: int) -> Module:
    """A shared module or the center's own, by slug; another center's module does not exist here."""
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    if module is None or module.owner_center_id not in (None, center_id):
        abort(404)
    return module


def history(module_id: int) -> list[tuple[ModuleVersion, VersionSource | None]]:
    """Every version of a module, newest first, with who published it from the browser and why (None when it
    came from the file import)."""
    rows = db.session.execute(
        select(ModuleVersion, VersionSource).outerjoin(VersionSource,
                                                       VersionSource.module_version_id == ModuleVersion.id)
        .where(ModuleVersion.module_id == module_id).order_by(ModuleVersion.number.desc()))
    return [(version, source) for version, source in rows]


def shared_review_queue(page: int) -> Page:
    """Every draft of a shared module waiting for review, from any center, oldest sent first: one page of rows
    (id, folder, title, center, sender, sent, note) in two statements, whatever the queue's length."""
    statement = (
        select(ModuleDraft.id, ModuleDraft.folder, ModuleVersion.title, Center.name.label("center"),
               User.full_name.label("sender"), ModuleDraft.submitted_at, ModuleDraft.change_note)
        .join(Center, Center.id == ModuleDraft.center_id)
        .outerjoin(User, User.id == ModuleDraft.submitted_by_id)
        .outerjoin(Module, Module.slug == func.substr(ModuleDraft.folder, 4))
        .outerjoin(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(ModuleDraft.status == "in_review", ModuleDraft.center_owned == false())
        .order_by(ModuleDraft.submitted_at, ModuleDraft.id))
    return paginate(statement, page=page, per_page=REVIEW_PAGE_SIZE)


def draft_by_id(draft_id: int) -> ModuleDraft | None:
    """Any center's draft by id (for the site-wide review queue, which checks what kind it is)."""
    return db.session.get(ModuleDraft, draft_id)
