"""Published module versions never change, so their content is cached in each process, keyed by content hash,
within a byte budget; a page loads whatever it lacks in one query, so its query count never grows with content."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select

from lms.curriculum.models import Lesson, ModuleVersion
from lms.extensions import db
from lms.immutable_cache import ImmutableCache


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
    ce_category: str = ""

    @property
    def size_bytes(self) -> int:
        """Roughly what this content holds in memory (its text dominates)."""
        text = len(self.title) + len(self.summary) + len(self.overview_html) + sum(map(len, self.objectives))
        text += sum(len(x.slug) + len(x.title) + len(x.html) + len(x.toc_html) for x in self.lessons)
        return 1024 + 2 * text + 256 * (len(self.lessons) + len(self.sources))

    def lesson(self, slug: str) -> LessonContent | None:
        """The lesson with this slug, if any."""
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)


CACHE_BYTES = 64 * 1024 * 1024  # many times today's curriculum; past it, pages still cost the same queries
_cache: ImmutableCache[VersionContent] = ImmutableCache("published module content", budget_bytes=CACHE_BYTES,
                                                        sizeof=lambda content: content.size_bytes)

_COLUMNS = (ModuleVersion.id, ModuleVersion.content_hash, ModuleVersion.title, ModuleVersion.summary,
            ModuleVersion.estimated_minutes, ModuleVersion.ce_hours, ModuleVersion.completion_rule,
            ModuleVersion.objectives, ModuleVersion.sources, ModuleVersion.overview_html, ModuleVersion.ce_category,
            Lesson.slug, Lesson.title, Lesson.minutes, Lesson.html, Lesson.toc_html)
# One statement for any number of versions: each version's columns repeat on each of its lessons' rows.
_LOAD = (select(*_COLUMNS).outerjoin(Lesson, Lesson.version_id == ModuleVersion.id)
         .where(ModuleVersion.id.in_(bindparam("ids", expanding=True)))
         .order_by(ModuleVersion.id, Lesson.position))


def _load(wanted: list[tuple[str, int]]) -> dict[str, VersionContent]:
    """The content of these (content hash, version id) pairs, in one query."""
    by_id: dict[int, list] = {}
    for row in db.session.execute(_LOAD, {"ids": sorted({vid for _, vid in wanted})}):
        by_id.setdefault(row[0], []).append(row)
    loaded = {}
    for rows in by_id.values():
        (_, content_hash, title, summary, minutes, ce_hours, rule, objectives, sources, overview,
         category) = rows[0][:11]
        lessons = tuple(LessonContent(*row[11:]) for row in rows if row[11] is not None)
        loaded[content_hash] = VersionContent(
            content_hash=content_hash, title=title, summary=summary, estimated_minutes=minutes,
            ce_hours=float(ce_hours or 0), completion_rule=rule, objectives=tuple(objectives),
            sources=tuple(sources), overview_html=overview, lessons=lessons, ce_category=category or "")
    return loaded


def versions_content(wanted: list[tuple[str, int]]) -> dict[str, VersionContent]:
    """The content of each (content hash, version id), keyed by hash: cached, and what is missing in one query."""
    ids = {content_hash: vid for content_hash, vid in wanted}
    return _cache.get_many(ids, lambda missing: _load([(h, ids[h]) for h in missing]))


def cache() -> ImmutableCache[VersionContent]:
    """The process's cache (for settings, tests and the benchmarks)."""
    return _cache
