"""A draft's files through the one content pipeline: written out in the file layout, then read by the same
loader, validators, renderer and writing-rule checks as `flask lms content check`. No Flask, no database."""
from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lms.contentfiles import ContentError, ContentErrors, split_front_matter
from lms.curriculum.content import FOLDER_NAME, LESSON_NAME
from lms.curriculum.render import render_markdown
from lms.publishing import ContentItem, check_item, load_content

MODULE_FILE, QUIZ_FILE = "module.md", "quiz.yaml"
MAX_FILE_CHARS = 200_000
MAX_FILES = 30


@dataclass(frozen=True)
class Problem:
    """One problem, attached to a draft file and line (line 0: the module as a whole)."""

    name: str
    line: int
    message: str


@dataclass
class Checked:
    """The outcome of reading a draft: the parsed module (None when it does not parse) and every problem."""

    item: ContentItem | None
    errors: list[Problem] = field(default_factory=list)
    rules: list[Problem] = field(default_factory=list)

    @property
    def publishable(self) -> bool:
        """True when it parses and meets the writing rules, as `content check` requires."""
        return self.item is not None and not self.errors and not self.rules

    def for_file(self, name: str) -> list[Problem]:
        """The problems of one file, in line order."""
        return sorted((p for p in self.errors + self.rules if p.name == name), key=lambda p: p.line)


def is_lesson_name(name: str) -> bool:
    """True for a lesson file name such as 02-toxic-stress.md."""
    return bool(LESSON_NAME.match(name))


def is_file_name(name: str) -> bool:
    """The only names a draft may hold: module.md, quiz.yaml and NN-slug.md lessons (no paths)."""
    return name in (MODULE_FILE, QUIZ_FILE) or is_lesson_name(name)


def lesson_names(files: dict[str, str]) -> list[str]:
    """Lesson file names in their order (by name, as the importer orders them)."""
    return sorted(name for name in files if is_lesson_name(name))


def repo_path(folder: str, name: str) -> str:
    """Where a draft file lives in the repository layout."""
    return f"quizzes/{folder}.yaml" if name == QUIZ_FILE else f"curriculum/{folder}/{name}"


def _draft_name(folder: str, path: str) -> str:
    if path == f"quizzes/{folder}.yaml":
        return QUIZ_FILE
    prefix = f"curriculum/{folder}/"
    return path[len(prefix):] if path.startswith(prefix) else MODULE_FILE


def _problem(folder: str, error: ContentError) -> Problem:
    return Problem(_draft_name(folder, error.path), error.line, error.message)


def _rule_problem(folder: str, text: str) -> Problem:
    path, _, rest = text.partition(":")
    line, _, message = rest.partition(":")
    if not line.isdigit():
        return Problem(MODULE_FILE, 0, text)
    return Problem(_draft_name(folder, path), int(line), message.strip())


def shape_errors(folder: str, files: dict[str, str]) -> list[Problem]:
    """Problems the file layout itself would reject before parsing: names, sizes, count."""
    problems = []
    if not FOLDER_NAME.match(folder):
        problems.append(Problem(MODULE_FILE, 1, f"module folder '{folder}' must look like 'NN-slug'"))
    if len(files) > MAX_FILES:
        problems.append(Problem(MODULE_FILE, 0, f"a module has at most {MAX_FILES} files"))
    for name, text in files.items():
        if not is_file_name(name):
            problems.append(Problem(name, 1, "file names are module.md, quiz.yaml or NN-slug.md"))
        elif len(text) > MAX_FILE_CHARS:
            problems.append(Problem(name, 1, f"file is longer than {MAX_FILE_CHARS:,} characters"))
    return problems


def check_files(folder: str, files: dict[str, str]) -> Checked:
    """Validate and render a module from its files exactly as `flask lms content check` would."""
    shape = shape_errors(folder, files)
    if shape:
        return Checked(None, shape)
    with tempfile.TemporaryDirectory(prefix="lms-draft-") as tmp:
        root = Path(tmp)
        (root / "curriculum" / folder).mkdir(parents=True)
        (root / "quizzes").mkdir()
        for name, text in files.items():
            (root / repo_path(folder, name)).write_text(text, encoding="utf-8", newline="")
        try:
            items = load_content(root / "curriculum", root / "quizzes")
        except ContentErrors as exc:
            return Checked(None, [_problem(folder, e) for e in exc.errors])
    item = items[0]
    report = check_item(item)
    return Checked(item, [], [_rule_problem(folder, text) for text in report.problems])


def preview_html(checked: Checked, name: str, text: str) -> str:
    """Sanitized HTML of one file as a learner would see it; when the module does not parse, the file's own
    markdown body through the same renderer and sanitizer."""
    if checked.item is not None:
        spec = checked.item.module
        if name == MODULE_FILE:
            return spec.overview_html
        for lesson in spec.lessons:
            if lesson.path.endswith("/" + name):
                return lesson.html
    if name == QUIZ_FILE:
        return ""
    try:
        _, body, _ = split_front_matter(text, name)
    except ContentErrors:
        body = text
    return render_markdown(body).html


def zip_bytes(folder: str, files: dict[str, str]) -> bytes:
    """The module's files as a ZIP in the repository layout (curriculum/NN-slug/..., quizzes/NN-slug.yaml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(repo_path(folder, name), files[name])
    return buffer.getvalue()
