"""Reading a module folder (module.md + lessons) into a validated, rendered ModuleSpec. Pure: no Flask, no DB."""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from lms.contentfiles import (
    Checker,
    ContentError,
    ContentErrors,
    LineDict,
    LineList,
    read_content_file,
    split_front_matter,
)
from lms.curriculum.render import IMAGE_SRC, citation_markdown, render_markdown
from lms.disciplines import DISCIPLINES

AUDIENCES = set(DISCIPLINES)
COMPLETION_RULES = {"lessons_and_quiz", "lessons", "quiz"}
FOLDER_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
LESSON_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
SOURCE_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_CODE_BLOCK = re.compile(r"^```.*?^```", re.M | re.S)
WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class LessonSpec:
    """A lesson as read from its file, with its sanitized HTML."""

    slug: str
    position: int
    title: str
    minutes: int
    word_count: int
    markdown: str
    html: str
    toc_html: str
    path: str
    cited: frozenset[str] = frozenset()
    objectives: tuple[int, ...] = ()


@dataclass(frozen=True)
class ModuleSpec:
    """A module folder as read and validated: front matter, overview HTML, lessons and the content hash."""

    folder: str
    slug: str
    position: int
    title: str
    summary: str
    audiences: tuple[str, ...]
    estimated_minutes: int
    ce_hours: float
    completion_rule: str | None
    objectives: tuple[str, ...]
    sources: tuple[dict, ...]
    overview_html: str
    lessons: tuple[LessonSpec, ...]
    content_hash: str
    path: str
    quiz_path: str | None = None
    source_lines: dict = field(default_factory=dict)
    ce_category: str = ""  # "clinical" | "general" (CE reviewers ask which); "" when the module claims no CE

    @property
    def source_keys(self) -> set[str]:
        """Keys of the module's sources, for citations."""
        return {source["key"] for source in self.sources}

    @property
    def objective_lessons(self) -> dict[int, tuple[str, ...]]:
        """For each objective number (1-based), the slugs of the lessons that say they teach it."""
        return {number: tuple(lesson.slug for lesson in self.lessons if number in lesson.objectives)
                for number in range(1, len(self.objectives) + 1)}


def word_count(markdown_text: str) -> int:
    """Words of a lesson body, leaving out fenced code and footnote definitions."""
    text = _CODE_BLOCK.sub("", markdown_text)
    text = "\n".join(line for line in text.splitlines() if not _FOOTNOTE_DEF.match(line))
    return len(_WORD.findall(text))


def content_hash(files: list[Path], root: Path) -> str:
    """SHA-256 over the relative names and bytes of a module's files (lessons, module.md, quiz)."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_text(path: Path, display: str) -> str:
    return read_content_file(path, display)


def _parse_sources(check: Checker, meta: LineDict) -> tuple[tuple[dict, ...], dict]:
    sources, lines = [], {}
    raw = meta.get("sources")
    if raw is None:
        return (), {}
    if not isinstance(raw, LineList) or not raw:
        check.error(meta.line_of("sources"), "module.md: 'sources' must be a non-empty list of {key, text}")
        return (), {}
    for index, item in enumerate(raw):
        entry = check.mapping(item, raw.line_of(index), f"module.md: source {index + 1}")
        if entry is None:
            continue
        check.keys(entry, required={"key", "text"}, optional=set(), where=f"source {index + 1}")
        key, text = entry.get("key"), check.text(entry, "text", f"source {index + 1}", max_len=2000)
        if not isinstance(key, str) or not SOURCE_KEY.match(key):
            check.error(entry.line, f"source {index + 1}: 'key' must be lowercase letters, digits and hyphens")
            continue
        if key in lines:
            check.error(entry.line_of("key"), f"source key '{key}' is listed twice (first on line {lines[key]})")
            continue
        lines[key] = entry.line_of("key")
        if text:
            sources.append({"key": key, "text": text})
    return tuple(sources), lines


def _parse_text_list(check: Checker, meta: LineDict, key: str, allowed: set[str] | None = None) -> tuple:
    raw = meta.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, LineList) or not raw or not all(isinstance(v, str) and v.strip() for v in raw):
        check.error(meta.line_of(key), f"module.md: '{key}' must be a non-empty list of text items")
        return ()
    if allowed is not None:
        for index, value in enumerate(raw):
            if value not in allowed:
                check.error(raw.line_of(index),
                            f"module.md: unknown {key[:-1]} '{value}' (use {', '.join(sorted(allowed))})")
    return tuple(v.strip() for v in raw)


def _parse_ce_hours(check: Checker, meta: LineDict) -> float:
    value = check.number(meta, "ce_hours", "module.md", low=0, high=40, whole=False)
    if value is None:
        return 0.0
    if (value * 2) != int(value * 2):
        check.error(meta.line_of("ce_hours"), "module.md: 'ce_hours' must be whole or half hours (e.g. 1 or 1.5)")
        return 0.0
    return float(value)


_MODULE_REQUIRED = {"title", "summary", "audiences", "estimated_minutes", "objectives", "sources"}
_MODULE_OPTIONAL = {"ce_hours", "completion", "ce_category"}
CE_CATEGORIES = ("clinical", "general")


def parse_module(folder: Path, *, root: Path, quiz_path: Path | None = None) -> ModuleSpec:
    """Read and validate one module folder; raise ContentErrors listing every problem found."""
    display_root = root.parent
    name_match = FOLDER_NAME.match(folder.name)
    module_path = folder / "module.md"
    shown = module_path.relative_to(display_root).as_posix()
    check = Checker(shown)
    if not name_match:
        raise ContentErrors([ContentError(shown, 1, f"folder name '{folder.name}' must look like "
                                                    "'NN-slug' (two digits, lowercase words joined by hyphens)")])
    if not module_path.is_file():
        raise ContentErrors([ContentError(shown, 1, "module folder has no module.md")])
    meta, body, _ = split_front_matter(_read_text(module_path, shown), shown)
    check.keys(meta, required=_MODULE_REQUIRED, optional=_MODULE_OPTIONAL, where="module.md")
    title = check.text(meta, "title", "module.md", max_len=200)
    summary = check.text(meta, "summary", "module.md", max_len=600)
    minutes = check.number(meta, "estimated_minutes", "module.md", low=1, high=1000)
    completion = meta.get("completion")
    if completion is not None and completion not in COMPLETION_RULES:
        check.error(meta.line_of("completion"),
                    f"module.md: 'completion' must be one of {', '.join(sorted(COMPLETION_RULES))}")
    audiences = _parse_text_list(check, meta, "audiences", AUDIENCES)
    objectives = _parse_text_list(check, meta, "objectives")
    sources, source_lines = _parse_sources(check, meta)
    ce_hours = _parse_ce_hours(check, meta)
    ce_category = meta.get("ce_category", "")
    if ce_category not in ("", *CE_CATEGORIES):
        check.error(meta.line_of("ce_category"), "module.md: 'ce_category' must be 'clinical' or 'general'")
    source_text = {s["key"]: s["text"] for s in sources}
    lessons = _parse_lessons(folder, display_root, source_text, check.errors, objective_count=len(objectives))
    if not any(p.name != "module.md" for p in folder.glob("*.md")):
        check.error(1, "module has no lesson files (NN-slug.md beside module.md)")
    if check.errors:
        raise ContentErrors(check.errors)
    files = [module_path] + [folder / Path(lesson.path).name for lesson in lessons]
    if quiz_path is not None:
        files.append(quiz_path)
    return ModuleSpec(
        folder=folder.name, slug=name_match.group(2), position=int(name_match.group(1)), title=title,
        summary=summary, audiences=audiences, estimated_minutes=minutes, ce_hours=ce_hours,
        completion_rule=completion, objectives=objectives, sources=sources, ce_category=ce_category,
        overview_html=render_markdown(body).html, lessons=tuple(lessons),
        content_hash=content_hash(files, root.parent), path=shown,
        quiz_path=quiz_path.relative_to(display_root).as_posix() if quiz_path else None,
        source_lines=source_lines)


def _parse_lessons(folder: Path, display_root: Path, sources: dict[str, str],
                   errors: list[ContentError], *, objective_count: int = 0) -> list[LessonSpec]:
    lessons, slugs = [], set()
    for path in sorted(folder.glob("*.md")):
        if path.name == "module.md":
            continue
        shown = path.relative_to(display_root).as_posix()
        match = LESSON_NAME.match(path.name)
        if not match:
            errors.append(ContentError(shown, 1, "lesson file name must look like 'NN-slug.md'"))
            continue
        if match.group(2) in slugs:
            errors.append(ContentError(shown, 1, f"another lesson already uses the slug '{match.group(2)}'"))
            continue
        slugs.add(match.group(2))
        try:
            lessons.append(parse_lesson(_read_text(path, shown), shown, slug=match.group(2),
                                        position=int(match.group(1)), sources=sources,
                                        objective_count=objective_count))
        except ContentErrors as exc:
            errors.extend(exc.errors)
    return lessons


def _footnote_problems(check: Checker, body: str, first_line: int, sources: dict[str, str]) -> set[str]:
    """Check that every footnote resolves and every local definition is used; return the cited source keys."""
    defined = {m.group(1): body.count("\n", 0, m.start()) + first_line for m in _FOOTNOTE_DEF.finditer(body)}
    used: dict[str, int] = {}
    for match in _FOOTNOTE_REF.finditer(body):
        used.setdefault(match.group(1), body.count("\n", 0, match.start()) + first_line)
    for label, line in used.items():
        if label not in defined and label not in sources:
            check.error(line, f"footnote [^{label}] is neither a source key in module.md nor defined in the lesson")
    for label, line in defined.items():
        if label in sources:
            check.error(line, f"footnote [^{label}] is a source key: cite it, do not define it")
        elif label not in used:
            check.error(line, f"footnote [^{label}] is defined but never used")
    return {label for label in used if label in sources}


_HEADING_1 = re.compile(r"^#(?!#)\s", re.M)


_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)")


def _lesson_objectives(check: Checker, meta, objective_count: int) -> tuple[int, ...]:
    """The optional `objectives: [1, 3]` of a lesson: numbers of the module objectives it teaches."""
    raw = meta.get("objectives")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw or not all(
            isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= objective_count for n in raw):
        check.error(meta.line_of("objectives"), f"lesson: 'objectives' must list objective numbers from 1 to "
                                                f"{objective_count} (the module's objectives, in order)")
        return ()
    return tuple(raw)


def parse_lesson(text: str, shown: str, *, slug: str, position: int, sources: dict[str, str],
                 objective_count: int = 0) -> LessonSpec:
    """Validate and render one lesson file; citations of module sources become numbered footnotes."""
    check = Checker(shown)
    meta, body, first_line = split_front_matter(text, shown)
    check.keys(meta, required={"title"}, optional={"minutes", "objectives"}, where="lesson")
    objectives = _lesson_objectives(check, meta, objective_count)
    title = check.text(meta, "title", "lesson", max_len=200)
    minutes = check.number(meta, "minutes", "lesson", low=1, high=300)
    heading = _HEADING_1.search(body)
    if heading:
        check.error(body.count("\n", 0, heading.start()) + first_line,
                    "use '##' and below for headings; the lesson title comes from the front matter")
    if not body.strip():
        check.error(first_line, "lesson has no text")
    cited = _footnote_problems(check, body, first_line, sources)
    for image in _IMAGE.finditer(body):
        line = body.count("\n", 0, image.start()) + first_line
        if not image.group(1).strip():
            check.error(line, "an image needs alt text saying what it shows: ![a child's drawing](...)")
        if not IMAGE_SRC.match(image.group(2)):
            check.error(line, "images must be uploaded in the editor (/content-images/...); other addresses "
                              "are removed")
    if check.errors:
        raise ContentErrors(check.errors)
    definitions = "".join(f"\n[^{key}]: {citation_markdown(sources[key])}\n" for key in sorted(cited))
    rendered = render_markdown(body + "\n" + definitions)
    words = word_count(body)
    return LessonSpec(slug=slug, position=position, title=title, word_count=words,
                      minutes=minutes or max(1, math.ceil(words / WORDS_PER_MINUTE)), markdown=body,
                      html=rendered.html, toc_html=rendered.toc_html, path=shown, cited=frozenset(cited),
                      objectives=objectives)
