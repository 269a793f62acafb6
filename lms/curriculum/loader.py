"""Reading the whole curriculum tree: every module folder, each with its quiz file if any. Pure."""
from __future__ import annotations

from pathlib import Path

from lms.contentfiles import ContentError, ContentErrors
from lms.curriculum.content import FOLDER_NAME, ModuleSpec, parse_module


def load_curriculum(curriculum_dir: Path, quizzes_dir: Path | None) -> list[ModuleSpec]:
    """Parse every module; raise ContentErrors with all problems of all files (nothing partial)."""
    curriculum_dir = Path(curriculum_dir)
    if not curriculum_dir.is_dir():
        raise ContentErrors([ContentError(str(curriculum_dir), 1, "curriculum folder does not exist")])
    errors: list[ContentError] = []
    modules: list[ModuleSpec] = []
    folders = sorted(p for p in curriculum_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    slugs: dict[str, str] = {}
    for folder in folders:
        quiz = _quiz_file(quizzes_dir, folder.name)
        try:
            spec = parse_module(folder, root=curriculum_dir, quiz_path=quiz)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        if spec.slug in slugs:
            errors.append(ContentError(spec.path, 1, f"module slug '{spec.slug}' is also used by {slugs[spec.slug]}"))
            continue
        slugs[spec.slug] = folder.name
        modules.append(spec)
    errors.extend(_orphan_quizzes(quizzes_dir, {f.name for f in folders}, curriculum_dir))
    if errors:
        raise ContentErrors(errors)
    return modules


def _quiz_file(quizzes_dir: Path | None, folder_name: str) -> Path | None:
    if quizzes_dir is None:
        return None
    path = Path(quizzes_dir) / f"{folder_name}.yaml"
    return path if path.is_file() else None


def _orphan_quizzes(quizzes_dir: Path | None, folders: set[str], curriculum_dir: Path) -> list[ContentError]:
    """Quiz files whose name matches no module folder (a typo would otherwise be silently ignored)."""
    if quizzes_dir is None or not Path(quizzes_dir).is_dir():
        return []
    problems = []
    for path in sorted(Path(quizzes_dir).iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        shown = path.relative_to(curriculum_dir.parent).as_posix() if path.is_relative_to(
            curriculum_dir.parent) else str(path)
        if path.suffix != ".yaml":
            problems.append(ContentError(shown, 1, "quiz files must end in .yaml"))
        elif path.stem not in folders or not FOLDER_NAME.match(path.stem):
            problems.append(ContentError(shown, 1, f"no module folder curriculum/{path.stem}/ for this quiz"))
    return problems
