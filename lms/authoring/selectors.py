"""Reads for authoring: a center's drafts, modules one may draft, a module's version history."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from lms.authoring.models import ModuleDraft, VersionSource
from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db


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


def published_modules() -> list[Module]:
    """Modules with a current version, in course order."""
    return list(db.session.scalars(select(Module).where(Module.current_version_id.is_not(None))
                                   .order_by(Module.position, Module.slug)))


def module_or_404(slug: str) -> Module:
    """A module by slug."""
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    if module is None:
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


def _chosen(kind: str, value) -> tuple[str, ...]:
    if value is None:
        return ()
    if kind == "true_false":
        return ("true" if value else "false",)
    if kind == "scenario":
        return tuple(f"{pair[0]}:{pair[1]}" for pair in value if isinstance(pair, (list, tuple)) and len(pair) == 2)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


def quiz_responses(quiz_version_id: int, center_id: int) -> list:
    """Every answer of every submitted attempt at a quiz version by the center's members, in one query."""
    from lms.authoring.item_analysis import Response
    from lms.centers.models import Membership
    from lms.quizzes.models import QuizAttempt

    members = select(Membership.user_id).where(Membership.center_id == center_id)
    rows = db.session.execute(select(QuizAttempt.id, QuizAttempt.score, QuizAttempt.result).where(
        QuizAttempt.quiz_version_id == quiz_version_id, QuizAttempt.submitted_at.is_not(None),
        QuizAttempt.user_id.in_(members)))
    return [Response(attempt_id, score or 0.0, q["question_id"], float(q["fraction"]),
                     _chosen(q["kind"], q.get("chosen")))
            for attempt_id, score, result in rows for q in (result or {}).get("questions", [])]
