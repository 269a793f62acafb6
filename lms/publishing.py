"""`flask lms content import`: validate the whole content tree first, then publish every module in one commit."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lms.audit.service import record_event
from lms.contentfiles import ContentError, ContentErrors, read_content_file
from lms.curriculum.content import ModuleSpec
from lms.curriculum.loader import load_curriculum
from lms.curriculum.quality import ModuleReport, check_module
from lms.curriculum.service import publish_module
from lms.extensions import db
from lms.programs.selectors import center_owned_slugs
from lms.programs.service import publish_program
from lms.programs.spec import ProgramSpec, load_programs
from lms.quizzes.assessment import findings as assessment_findings
from lms.quizzes.ce_rule import attempt_questions, check_ce, check_pool
from lms.quizzes.service import publish_quiz
from lms.quizzes.spec import QuizSpec
from lms.quizzes.validate import parse_quiz, question_lines
from lms.versioning import PublishResult


@dataclass(frozen=True)
class ContentItem:
    """A module as read from its folder, with its quiz when it has one."""

    module: ModuleSpec
    quiz: QuizSpec | None
    quiz_lines: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ImportReport:
    """Per-module and per-program outcome of an import."""

    results: tuple[PublishResult, ...]
    programs: tuple[PublishResult, ...] = ()
    refused: tuple[str, ...] = ()   # modules left as they are: 'kept <slug>: why' or 'refused <slug>: why'

    @property
    def created(self) -> int:
        """How many modules got a new version."""
        return sum(1 for r in self.results if r.created)


def load_content(curriculum_dir: Path, quizzes_dir: Path) -> list[ContentItem]:
    """Parse and validate every module and quiz; raises ContentErrors listing every problem."""
    modules = load_curriculum(Path(curriculum_dir), Path(quizzes_dir))
    root = Path(curriculum_dir).parent
    errors: list[ContentError] = []
    items = []
    for spec in modules:
        quiz, lines = None, {}
        if spec.quiz_path:
            try:
                text = read_content_file(root / spec.quiz_path, spec.quiz_path)
                quiz = parse_quiz(text, spec.quiz_path, expected_module=spec.folder, source_keys=spec.source_keys,
                                  objective_lessons=spec.objective_lessons)
                lines = question_lines(text, spec.quiz_path)
            except ContentErrors as exc:
                errors.extend(exc.errors)
            except UnicodeDecodeError as exc:
                errors.append(ContentError(spec.quiz_path, 1, f"not UTF-8 text ({exc.reason})"))
        if spec.completion_rule in ("quiz", "lessons_and_quiz") and not spec.quiz_path:
            errors.append(ContentError(spec.path, 1, f"completion '{spec.completion_rule}' needs a quiz file "
                                                     f"quizzes/{spec.folder}.yaml"))
        items.append(ContentItem(spec, quiz, lines))
    if errors:
        raise ContentErrors(errors)
    return items


def check_item(item: ContentItem) -> ModuleReport:
    """The writing rules for a module, with its quiz's citations, the CE post-test rule and the assessment
    checks (can a learner pass without reading?)."""
    spec, quiz = item.module, item.quiz
    where = spec.quiz_path or f"quizzes/{spec.folder}.yaml"
    problems = [f"{where}:1: {problem}" for problem in
                check_ce(quiz, ce_hours=spec.ce_hours, objectives=len(spec.objectives))] if spec.ce_hours else []
    problems += [f"{where}:1: {problem}" for problem in check_pool(quiz)] if quiz else []
    for finding in assessment_findings(quiz) if quiz else ():
        line = item.quiz_lines.get((finding.question_id, finding.step_id),
                                   item.quiz_lines.get((finding.question_id, None), 1))
        problems.append(f"{where}:{line}: {finding.message}")
    return check_module(spec, quiz_cited=quiz.cited_sources if quiz else frozenset(),
                        questions=attempt_questions(quiz) if quiz else 0, quiz_problems=problems)


def load_program_files(programs_dir: Path | None, items: list[ContentItem]) -> list[ProgramSpec]:
    """Parse and validate the programs against the modules being imported."""
    if programs_dir is None:
        return []
    specs = load_programs(Path(programs_dir), module_slugs={item.module.slug for item in items})
    owned = center_owned_slugs([spec.slug for spec in specs])
    if owned:  # a file must never add a version to (and so take over) a center's own program
        raise ContentErrors([ContentError(spec.path, 1, f"'{spec.slug}' is already the name of a center's own "
                                                        "program; rename the file") for spec in specs
                             if spec.slug in owned])
    return specs


def publish_item(item: ContentItem, *, actor_id: int | None = None) -> PublishResult:
    """Publish one validated module with its quiz as a new version (unless unchanged), audited; does not commit.
    The file import and the web drafts both publish through this."""
    result = publish_module(item.module)
    if result.created:
        if item.quiz is not None:
            publish_quiz(module_version_id=result.version.id, spec=item.quiz)
        record_event(action="content.publish", actor_id=actor_id, target_type="module_version",
                     target_id=result.version.id,
                     detail={"module": result.slug, "number": result.version.number,
                             "hash": result.version.content_hash})
    return result


Vet = Callable[[list[ContentItem]], tuple[list[ContentItem], list[str]]]


def import_content(curriculum_dir: Path, quizzes_dir: Path, programs_dir: Path | None = None, *,
                   actor_id: int | None = None, vet: Vet | None = None) -> ImportReport:
    """Validate everything, then publish new versions of changed modules (with their quizzes) and programs;
    all or nothing. `vet` may hold modules back (those changed on the web too), saying why."""
    items = load_content(curriculum_dir, quizzes_dir)
    programs = load_program_files(programs_dir, items)
    kept, refused = vet(items) if vet else (items, [])
    try:
        results = [publish_item(item, actor_id=actor_id) for item in kept]
        program_results = tuple(publish_program(spec) for spec in programs)
        for result in program_results:
            if result.created:
                record_event(action="content.publish_program", actor_id=actor_id, target_type="program_version",
                             target_id=result.version.id, detail={"program": result.slug})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return ImportReport(tuple(results), program_results, tuple(refused))
