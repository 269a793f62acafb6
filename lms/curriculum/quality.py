"""Writing rules checked by `flask lms content check`: lesson count and length, reading grade, objectives,
sources cited. Pure: works on parsed specs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lms.curriculum.content import WORDS_PER_MINUTE, ModuleSpec
from lms.curriculum.readability import flesch_kincaid_grade

LESSONS_MIN, LESSONS_MAX = 4, 6
WORDS_MIN, WORDS_MAX = 500, 1200
GRADE_MAX = 12.0
OBJECTIVES_MIN = 4
QUIZ_MINUTES_PER_QUESTION = 1.0
MINUTES_TOLERANCE = 0.20
_MARKUP = re.compile(r"\[\^[^\]]+\]|^\s*!!!.*$|^[#>|*-]+\s*|[*_`|]", re.M)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def plain_text(markdown_text: str) -> str:
    """Lesson markdown reduced to prose for readability scoring."""
    return _MARKUP.sub("", _LINK.sub(r"\1", markdown_text))


def reading_grade(markdown_text: str) -> float:
    """Flesch-Kincaid grade of a lesson's prose."""
    return flesch_kincaid_grade(plain_text(markdown_text))


@dataclass
class ModuleReport:
    """The check of one module: figures for the printed line and the problems found."""

    spec: ModuleSpec
    words: int = 0
    max_grade: float = 0.0
    questions: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line per module, as `content check` prints it."""
        status = "FAIL" if self.problems else "ok"
        return (f"{status:4} {self.spec.folder}: {len(self.spec.lessons)} lessons, {self.words} words, "
                f"max grade {self.max_grade:.1f}, {len(self.spec.sources)} sources, {self.questions} quiz questions, "
                f"{self.spec.ce_hours:g} CE h")


def check_module(spec: ModuleSpec, *, quiz_cited: frozenset[str] = frozenset(), questions: int = 0,
                 quiz_problems: list[str] | None = None) -> ModuleReport:
    """Apply the writing rules to one module; the quiz's citations and problems come from the caller
    (the quiz area sits above this one)."""
    report = ModuleReport(spec)
    report.questions = questions
    quiz_problems = quiz_problems or []
    if not LESSONS_MIN <= len(spec.lessons) <= LESSONS_MAX:
        report.problems.append(f"{spec.path}:1: has {len(spec.lessons)} lessons; "
                               f"{LESSONS_MIN} to {LESSONS_MAX} are expected")
    if len(spec.objectives) < OBJECTIVES_MIN:
        report.problems.append(f"{spec.path}:1: has {len(spec.objectives)} objectives; "
                               f"at least {OBJECTIVES_MIN} are expected")
    cited = set(quiz_cited)
    for lesson in spec.lessons:
        cited |= lesson.cited
        report.words += lesson.word_count
        grade = reading_grade(lesson.markdown)
        report.max_grade = max(report.max_grade, grade)
        if not WORDS_MIN <= lesson.word_count <= WORDS_MAX:
            report.problems.append(f"{lesson.path}:1: {lesson.word_count} words; "
                                   f"{WORDS_MIN} to {WORDS_MAX} are expected")
        if grade > GRADE_MAX:
            report.problems.append(f"{lesson.path}:1: reading grade {grade:.1f} is above {GRADE_MAX:g}; "
                                   "use shorter sentences and plainer words")
    for key in sorted(spec.source_keys - cited):
        report.problems.append(f"{spec.path}:{spec.source_lines.get(key, 1)}: source '{key}' is never cited")
    report.problems.extend(quiz_problems)
    warning = minutes_warning(spec.estimated_minutes, report.words, questions)
    if warning:
        report.warnings.append(f"{spec.path}:1: {warning}")
    return report


def time_on_task(words: int, questions: int) -> float:
    """Minutes a module takes: its words read at 200 a minute plus a minute per quiz question."""
    return words / WORDS_PER_MINUTE + questions * QUIZ_MINUTES_PER_QUESTION


def minutes_warning(claimed: int, words: int, questions: int) -> str | None:
    """A warning when the claimed estimated_minutes are more than 20% off the reading-plus-quiz estimate."""
    estimate = time_on_task(words, questions)
    if estimate and abs(claimed - estimate) > MINUTES_TOLERANCE * estimate:
        return (f"estimated_minutes is {claimed}, but {words} words at {WORDS_PER_MINUTE} a minute and "
                f"{questions} quiz questions at a minute each come to about {estimate:.0f} minutes (more than "
                f"{MINUTES_TOLERANCE:.0%} off)")
    return None
