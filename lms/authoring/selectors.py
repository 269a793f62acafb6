"""Reads for authoring: a center's drafts, modules one may draft, a module's version history."""
from __future__ import annotations

from flask import abort
from sqlalchemy import or_, select

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


_RESPONSES = {
    # One row per question of each submitted attempt, unpacked from the stored result by the database's JSON
    # functions (the result's feedback texts never reach Python).
    "sqlite": """SELECT a.id, a.score, json_extract(q.value, '$.question_id'), json_extract(q.value, '$.kind'),
                        json_extract(q.value, '$.fraction'), json_extract(q.value, '$.chosen')
                 FROM (SELECT id, score, result FROM quiz_attempts
                       WHERE quiz_version_id = :quiz AND submitted_at IS NOT NULL
                         AND user_id IN (SELECT user_id FROM memberships WHERE center_id = :center)) a
                 JOIN json_each(a.result, '$.questions') q""",
    "postgresql": """SELECT a.id, a.score, q->>'question_id', q->>'kind', (q->>'fraction')::float, q->'chosen'
                     FROM quiz_attempts a CROSS JOIN LATERAL json_array_elements(a.result->'questions') q
                     WHERE a.quiz_version_id = :quiz AND a.submitted_at IS NOT NULL
                       AND a.user_id IN (SELECT user_id FROM memberships WHERE center_id = :center)""",
}


def quiz_responses(quiz_version_id: int, center_id: int) -> list:
    """Every answer of every submitted attempt at a quiz version by the center's members, in one query."""
    import json

    from sqlalchemy import text

    from lms.authoring.item_analysis import Response

    rows = db.session.execute(text(_RESPONSES[db.engine.dialect.name]),
                              {"quiz": quiz_version_id, "center": center_id})
    responses = []
    for attempt_id, score, question_id, kind, fraction, chosen in rows:
        if isinstance(chosen, str) and kind in ("multiple", "scenario"):
            chosen = json.loads(chosen)
        if kind == "true_false" and isinstance(chosen, int):
            chosen = bool(chosen)
        responses.append(Response(attempt_id, score or 0.0, question_id, float(fraction or 0),
                                  _chosen(kind, chosen)))
    return responses
