"""A center's own module, started in the browser: a new draft from a small template that the center's staff
then write, review and publish like any other draft. Only the center's members see it once published."""
from __future__ import annotations

import re

import yaml
from sqlalchemy import func, select

from lms.authoring.models import ModuleDraft
from lms.authoring.service import DraftRefused, audit_draft, files_on_disk, refuse_unless_author
from lms.curriculum.models import Module
from lms.extensions import db

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _template(title: str) -> dict[str, str]:
    front = yaml.safe_dump({
        "title": title, "summary": "One or two sentences for the module list.", "audiences": ["officer"],
        "estimated_minutes": 30, "completion": "lessons",
        "objectives": ["Describe what this module teaches.", "Explain why it matters on a call.",
                       "Identify who to call next."],
        "sources": [{"key": "source", "text": "Author or publisher. *Title*. Year. https://example.org/"}],
    }, allow_unicode=True, sort_keys=False, width=1000)
    lesson = yaml.safe_dump({"title": "First lesson"}, allow_unicode=True, width=1000)
    return {"module.md": f"---\n{front}---\n\nWho this module is for and what it covers.\n",
            "01-first-lesson.md": f"---\n{lesson}---\n\nWrite the lesson here.\n"}


def _taken(slug: str) -> bool:
    """A module, a content folder or any center's open draft already uses this slug."""
    if db.session.scalar(select(Module.id).where(Module.slug == slug)) is not None or files_on_disk(slug):
        return True
    return db.session.scalar(select(ModuleDraft.id).where(func.substr(ModuleDraft.folder, 4) == slug,
                                                          ModuleDraft.status != "published").limit(1)) is not None


def create_center_module(*, center_id: int, slug: str, title: str, actor_id: int) -> ModuleDraft:
    """A draft of a new module the center owns; refused when the name is not a slug or is already used."""
    slug, title = slug.strip(), " ".join(title.split())
    if not SLUG.match(slug) or len(slug) > 60:
        raise DraftRefused("A module name is lowercase letters, digits and hyphens (at most 60), "
                           "e.g. 'our-county-referrals'.")
    if not title or len(title) > 200:
        raise DraftRefused("A module needs a title of at most 200 characters.")
    refuse_unless_author(actor_id, center_id=center_id, owner_center_id=center_id)
    if _taken(slug):
        raise DraftRefused(f"A module called '{slug}' already exists; choose another name.")
    position = min(99, (db.session.scalar(select(func.max(Module.position))) or 0) + 1)
    draft = ModuleDraft(center_id=center_id, folder=f"{position:02d}-{slug}", files=_template(title),
                        center_owned=True, created_by_id=actor_id, updated_by_id=actor_id)
    db.session.add(draft)
    db.session.flush()
    audit_draft("authoring.module_create", draft, actor_id, {"folder": draft.folder})
    db.session.commit()
    return draft
