"""Writes on drafts: create, save a file (refused when stale), lessons, review, publish. Every action audited."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import select, update

from lms.audit.service import record_event
from lms.auth.models import User
from lms.authoring import pipeline
from lms.authoring.access import SHARED_REFUSED, may_author
from lms.authoring.models import ModuleDraft, VersionSource
from lms.curriculum.content import FOLDER_NAME, LESSON_NAME
from lms.curriculum.models import Module
from lms.extensions import db
from lms.publishing import publish_item
from lms.timeutil import utcnow

OPEN = ("editing", "in_review")


class DraftRefused(Exception):
    """A draft action that cannot be done, with the message to show."""


class StaleDraft(DraftRefused):
    """Someone else saved the draft after the version this save was based on."""

    def __init__(self, name: str, when: datetime):
        super().__init__(f"This draft was changed by {name} at {when:%Y-%m-%d %H:%M} UTC; reload it to see "
                         "their changes (your text is kept below).")


@dataclass(frozen=True)
class Source:
    """A module's files as a draft starts from them."""

    folder: str
    files: dict[str, str]
    version_id: int | None


def files_on_disk(slug: str) -> tuple[str, dict[str, str]] | None:
    """(folder, files) of a module in the content folders, or None."""
    curriculum = Path(current_app.config["CURRICULUM_DIR"])
    quizzes = Path(current_app.config["QUIZZES_DIR"])
    for folder in sorted(curriculum.iterdir()) if curriculum.is_dir() else []:
        match = FOLDER_NAME.match(folder.name)
        if match and match.group(2) == slug and folder.is_dir():
            files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}
            quiz = quizzes / f"{folder.name}.yaml"
            if quiz.is_file():
                files[pipeline.QUIZ_FILE] = quiz.read_text(encoding="utf-8")
            return folder.name, files
    return None


def module_source(slug: str) -> Source | None:
    """The files of a module's current version: those it was published from in the browser, else the
    content folder's."""
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    version_id = module.current_version_id if module else None
    if version_id is not None:
        stored = db.session.scalar(select(VersionSource).where(VersionSource.module_version_id == version_id))
        if stored is not None:
            return Source(stored.folder, dict(stored.files), version_id)
    on_disk = files_on_disk(slug)
    if on_disk is None:
        return None
    return Source(on_disk[0], on_disk[1], version_id)


def open_draft(center_id: int, folder: str) -> ModuleDraft | None:
    """The center's draft of this module that is being edited or reviewed, if any."""
    return db.session.scalar(select(ModuleDraft).where(ModuleDraft.center_id == center_id,
                                                       ModuleDraft.folder == folder,
                                                       ModuleDraft.status.in_(OPEN)))


def module_owner(slug: str) -> int | None:
    """The center that owns a module (None: a shared module, or no such module)."""
    return db.session.scalar(select(Module.owner_center_id).where(Module.slug == slug))


def refuse_unless_author(actor_id: int, *, center_id: int, owner_center_id: int | None) -> None:
    """DraftRefused unless the actor may change a module of this owner from this center (see access.may_author)."""
    if not may_author(db.session.get(User, actor_id), center_id=center_id, owner_center_id=owner_center_id):
        raise DraftRefused(SHARED_REFUSED if owner_center_id is None else "There is no module with that name.")


def start_draft(*, center_id: int, slug: str, actor_id: int) -> ModuleDraft:
    """A draft of a module from its current files (or the center's open draft of it, if there is one): a shared
    module by a curriculum editor, the center's own module by its staff."""
    owner = module_owner(slug)
    if owner is not None and owner != center_id:
        raise DraftRefused("There is no module with that name.")
    source = module_source(slug)
    if source is None:
        raise DraftRefused("There is no module with that name.")
    refuse_unless_author(actor_id, center_id=center_id, owner_center_id=owner)
    existing = open_draft(center_id, source.folder)
    if existing is not None:
        return existing
    draft = ModuleDraft(center_id=center_id, folder=source.folder, files=source.files, center_owned=owner is not None,
                        base_version_id=source.version_id, created_by_id=actor_id, updated_by_id=actor_id)
    db.session.add(draft)
    db.session.flush()
    audit_draft("authoring.draft_start", draft, actor_id, {"folder": draft.folder})
    db.session.commit()
    return draft


def audit_draft(action: str, draft: ModuleDraft, actor_id: int, detail: dict | None = None) -> None:
    """Record a draft action in the audit log (does not commit)."""
    record_event(action=action, actor_id=actor_id, target_type="module_draft", target_id=draft.id,
                 center_id=draft.center_id, detail=detail or {})


def _write(draft: ModuleDraft, *, expected: int, actor_id: int, action: str, detail: dict,
           statuses: tuple[str, ...] = ("editing",), **values) -> None:
    """Apply `values` only if nobody saved since version `expected` (one conditional UPDATE), else StaleDraft."""
    if draft.status not in statuses:
        raise DraftRefused("This draft is in review or published; it cannot be changed now.")
    refuse_unless_author(actor_id, center_id=draft.center_id,
                          owner_center_id=draft.center_id if draft.center_owned else None)
    now = utcnow()
    done = db.session.execute(
        update(ModuleDraft).where(ModuleDraft.id == draft.id, ModuleDraft.lock_version == expected,
                                  ModuleDraft.status.in_(statuses))
        .values(lock_version=expected + 1, updated_by_id=actor_id, updated_at=now, **values)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        db.session.refresh(draft)
        raise StaleDraft(db.session.get(User, draft.updated_by_id).full_name, draft.updated_at)
    audit_draft(action, draft, actor_id, detail)
    db.session.commit()
    db.session.refresh(draft)


def _checked_files(files: dict[str, str]) -> dict[str, str]:
    for problem in pipeline.shape_errors("00-x", files):
        raise DraftRefused(f"{problem.name}: {problem.message}")
    return files


def save_file(draft: ModuleDraft, *, name: str, text: str, expected: int, actor_id: int) -> None:
    """Save one file's text (newlines normalized) unless the draft changed since `expected`."""
    if name not in draft.files:
        raise DraftRefused("The draft has no such file.")
    files = _checked_files({**draft.files, name: text.replace("\r\n", "\n")})
    _write(draft, expected=expected, actor_id=actor_id, action="authoring.save", detail={"file": name},
           files=files)


def _lesson_name(position: int, slug: str) -> str:
    name = f"{position:02d}-{slug}.md"
    if not LESSON_NAME.match(name):
        raise DraftRefused("A lesson name is lowercase letters, digits and hyphens, e.g. 'toxic-stress'.")
    return name


def _renumbered(files: dict[str, str], order: list[tuple[str, str]]) -> dict[str, str]:
    """Files with the lessons in `order` (old name or None, slug) numbered 01, 02 ..."""
    kept = {name: text for name, text in files.items() if not pipeline.is_lesson_name(name)}
    slugs = [slug for _, slug in order]
    if len(set(slugs)) != len(slugs):
        raise DraftRefused("Another lesson already uses that name.")
    for position, (old, slug) in enumerate(order, start=1):
        kept[_lesson_name(position, slug)] = files.get(old, "") if old else ""
    return kept


def _order(files: dict[str, str]) -> list[tuple[str, str]]:
    return [(name, LESSON_NAME.match(name).group(2)) for name in pipeline.lesson_names(files)]


def add_lesson(draft: ModuleDraft, *, lesson_slug: str, title: str, expected: int, actor_id: int) -> str:
    """Add a lesson at the end with a front matter title; returns its file name."""
    title = " ".join(title.split())
    if not title or len(title) > 200:
        raise DraftRefused("A lesson needs a title of at most 200 characters.")
    order = _order(draft.files) + [(None, lesson_slug.strip())]
    files = _renumbered(draft.files, order)
    name = _lesson_name(len(order), lesson_slug.strip())
    front = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000)
    files[name] = f"---\n{front}---\n\nWrite the lesson here.\n"
    _write(draft, expected=expected, actor_id=actor_id, action="authoring.lesson_add", detail={"file": name},
           files=_checked_files(files))
    return name


def rename_lesson(draft: ModuleDraft, *, name: str, lesson_slug: str, expected: int, actor_id: int) -> None:
    """Give a lesson a new slug (its place stays)."""
    order = [(old, lesson_slug.strip() if old == name else s) for old, s in _order(draft.files)]
    if name not in dict(order):
        raise DraftRefused("The draft has no such lesson.")
    _write(draft, expected=expected, actor_id=actor_id, action="authoring.lesson_rename",
           detail={"file": name, "slug": lesson_slug}, files=_checked_files(_renumbered(draft.files, order)))


def move_lesson(draft: ModuleDraft, *, name: str, offset: int, expected: int, actor_id: int) -> None:
    """Move a lesson up (-1) or down (+1); lessons are renumbered."""
    order = _order(draft.files)
    index = [old for old, _ in order].index(name) if name in dict(order) else None
    if index is None:
        raise DraftRefused("The draft has no such lesson.")
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    _write(draft, expected=expected, actor_id=actor_id, action="authoring.lesson_move",
           detail={"file": name, "offset": offset}, files=_renumbered(draft.files, order))


def delete_lesson(draft: ModuleDraft, *, name: str, expected: int, actor_id: int) -> None:
    """Remove a lesson from the draft; the rest are renumbered."""
    order = [(old, slug) for old, slug in _order(draft.files) if old != name]
    if len(order) == len(_order(draft.files)):
        raise DraftRefused("The draft has no such lesson.")
    _write(draft, expected=expected, actor_id=actor_id, action="authoring.lesson_delete", detail={"file": name},
           files=_renumbered(draft.files, order))


def submit(draft: ModuleDraft, *, note: str, expected: int, actor_id: int) -> None:
    """Send the draft for review with a change note; refused unless it would pass `content check`."""
    note = note.strip()
    if not note or len(note) > 2000:
        raise DraftRefused("Say in a sentence what changed (at most 2,000 characters).")
    source = module_source(draft.slug)
    if source is not None and source.files == draft.files:
        raise DraftRefused("The draft is the same as the published version; there is nothing to review.")
    checked = pipeline.check_files(draft.folder, draft.files)
    if not checked.publishable:
        raise DraftRefused("Fix the problems listed on the draft page before sending it for review.")
    _write(draft, expected=expected, actor_id=actor_id, action="authoring.submit", detail={"note": note},
           status="in_review", change_note=note, submitted_by_id=actor_id, submitted_at=utcnow(),
           review_comment="")


def send_back(draft: ModuleDraft, *, comment: str, expected: int, actor_id: int) -> None:
    """Return a draft in review to editing with the reviewer's comment."""
    comment = comment.strip()
    if not comment or len(comment) > 4000:
        raise DraftRefused("Say what needs to change (at most 4,000 characters).")
    _write(draft, expected=expected, actor_id=actor_id, action="authoring.send_back", detail={"comment": comment},
           statuses=("in_review",), status="editing", review_comment=comment)


def approve_and_publish(draft: ModuleDraft, *, expected: int, actor_id: int) -> int:
    """A second person approves: the module is checked as `content check` does and published as a new version
    through the file import's code path; returns the version id."""
    if draft.status != "in_review":
        raise DraftRefused("Only a draft in review can be approved.")
    if draft.submitted_by_id == actor_id:
        raise DraftRefused("Someone other than the person who sent it for review must approve it.")
    owner = draft.center_id if draft.center_owned else None
    refuse_unless_author(actor_id, center_id=draft.center_id, owner_center_id=owner)
    if module_owner(draft.slug) != owner and db.session.scalar(select(Module.id).where(Module.slug == draft.slug)):
        raise DraftRefused(f"Another module is already called '{draft.slug}'; rename this one.")
    checked = pipeline.check_files(draft.folder, draft.files)
    if not checked.publishable:
        raise DraftRefused("The draft no longer passes the content checks; send it back.")
    try:
        result = publish_item(checked.item, actor_id=actor_id)
        if owner is not None:
            result.version.module.owner_center_id = owner
        if db.session.scalar(select(VersionSource.id).where(
                VersionSource.module_version_id == result.version.id)) is None:
            db.session.add(VersionSource(module_version_id=result.version.id, folder=draft.folder,
                                         files=dict(draft.files), change_note=draft.change_note,
                                         published_by_id=draft.submitted_by_id, approved_by_id=actor_id,
                                         draft_id=draft.id))
        _write(draft, expected=expected, actor_id=actor_id, action="authoring.publish",
               detail={"version": result.version.number, "created": result.created},
               statuses=("in_review",), status="published", published_version_id=result.version.id)
    except Exception:
        db.session.rollback()
        raise
    return result.version.id
