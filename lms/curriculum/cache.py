"""Published module versions never change, so their content is cached in each process, keyed by content hash."""
from __future__ import annotations

from dataclasses import dataclass
from sqlalchemy import select

from lms.curriculum.models import Lesson, ModuleVersion
from lms.extensions import db


@dataclass(frozen=True)
class LessonContent:
    """A lesson's immutable content."""

    slug: str
    title: str
    minutes: int
    html: str
    toc_html: str


@dataclass(frozen=True)
class VersionContent:
    """A module version's immutable content, with its lessons in order."""

    content_hash: str
    title: str
    summary: str
    estimated_minutes: int
    ce_hours: float
    completion_rule: str
    objectives: tuple[str, ...]
    sources: tuple[dict, ...]
    overview_html: str
    lessons: tuple[LessonContent, ...]

    def lesson(self, slug: str) -> LessonContent | None:
        """The lesson with this slug, if any."""
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)


_CACHE_SIZE = 256
_by_hash: dict[str, VersionContent] = {}


def _load(content_hash: str, version_id: int) -> VersionContent:
    version = db.session.get(ModuleVersion, version_id)
    lessons = db.session.scalars(select(Lesson).where(Lesson.version_id == version_id).order_by(Lesson.position))
    return VersionContent(
        content_hash=content_hash, title=version.title, summary=version.summary,
        estimated_minutes=version.estimated_minutes, ce_hours=float(version.ce_hours or 0),
        completion_rule=version.completion_rule, objectives=tuple(version.objectives),
        sources=tuple(version.sources), overview_html=version.overview_html,
        lessons=tuple(LessonContent(l.slug, l.title, l.minutes, l.html, l.toc_html) for l in lessons))


def version_content(*, content_hash: str, version_id: int) -> VersionContent:
    """The content of a version, from the cache when this process has seen the same content before."""
    hit = _by_hash.get(content_hash)
    if hit is None:
        hit = _by_hash[content_hash] = _load(content_hash, version_id)
        if len(_by_hash) > _CACHE_SIZE:
            _by_hash.pop(next(iter(_by_hash)))
    return hit


