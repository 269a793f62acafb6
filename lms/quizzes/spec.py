"""The quiz spec: frozen dataclasses for a validated quiz file, their JSON form, and scenario paths. Pure.

Option ids are letters in file order ('a', 'b', ...) so a learner's answer survives any shuffling.
`lms.quizzes.validate.parse_quiz` reads a quiz file into a QuizSpec.
"""
from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from lms.disciplines import DISCIPLINES

KINDS = ("single", "multiple", "true_false", "scenario")
AUDIENCES = ("all", *(d for d in DISCIPLINES if d != "other"))
FEEDBACK_MODES = ("immediate", "on_submit")
OPTION_IDS = string.ascii_lowercase
SPEC_FORMAT = 1


def option_id(index: int) -> str:
    """The stable id of the option at `index` (0-based, file order): 'a', 'b', ..."""
    return OPTION_IDS[index]


@dataclass(frozen=True)
class Option:
    """One choice: `correct` for single/multiple questions, `points` and `next` for scenario steps."""

    id: str
    text: str
    feedback: str
    correct: bool = False
    points: int = 0
    next: str | None = None


@dataclass(frozen=True)
class Step:
    """One decision of a scenario: a prompt and its options."""

    id: str
    prompt: str
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Question:
    """One question; which fields are set depends on `kind` (prompt vs vignette, options vs steps)."""

    id: str
    kind: str
    sources: tuple[str, ...]
    audience: str = "all"
    prompt: str | None = None
    vignette: str | None = None
    options: tuple[Option, ...] = ()
    steps: tuple[Step, ...] = ()
    start: str | None = None
    answer: bool | None = None
    feedback_true: str | None = None
    feedback_false: str | None = None
    objective: int | None = None
    lessons: tuple[str, ...] = ()

    def option(self, option_id: str) -> Option | None:
        """The option with this id (single/multiple), or None."""
        return next((o for o in self.options if o.id == option_id), None)

    def step(self, step_id: str) -> Step | None:
        """The scenario step with this name, or None."""
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def correct_ids(self) -> tuple[str, ...]:
        """Ids of the correct options (single/multiple)."""
        return tuple(o.id for o in self.options if o.correct)

    @cached_property
    def best_path(self) -> tuple[tuple[str, str], ...]:
        """Scenario: the (step, option) pairs scoring most points; ties go to fewer decisions, then file order."""
        if self.kind != "scenario" or not self.start:
            return ()
        return _best_from(self, self.start, {}, set())[2]

    @property
    def best_points(self) -> int:
        """Scenario: the points of the best path."""
        return sum(self.step(s).option(o).points for s, o in self.best_path)

    @property
    def weight(self) -> int:
        """Weight in the total: 1, or the number of decisions on a scenario's best path."""
        return max(1, len(self.best_path)) if self.kind == "scenario" else 1


def _best_from(question: Question, step_id: str, memo: dict, visiting: set) -> tuple[int, int, tuple]:
    """(points, -decisions, path) of the best path from a step; a loop or missing step simply ends the path."""
    if step_id in memo:
        return memo[step_id]
    step = question.step(step_id)
    if step is None or step_id in visiting:
        return 0, 0, ()
    visiting.add(step_id)
    best: tuple[int, int, tuple] = (0, 0, ())
    for index, option in enumerate(step.options):
        points, neg_len, rest = (0, 0, ()) if option.next is None else _best_from(
            question, option.next, memo, visiting)
        candidate = (points + option.points, neg_len - 1, ((step_id, option.id),) + rest)
        if index == 0 or candidate[:2] > best[:2]:
            best = candidate
    visiting.discard(step_id)
    memo[step_id] = best
    return best


def reachable_steps(steps: Sequence[Step], start: str) -> set[str]:
    """Names of the steps a learner can reach from `start` by following `next`."""
    by_id = {s.id: s for s in steps}
    seen: set[str] = set()
    todo = [start]
    while todo:
        step_id = todo.pop()
        if step_id in by_id and step_id not in seen:
            seen.add(step_id)
            todo.extend(o.next for o in by_id[step_id].options if o.next)
    return seen


def loop_edges(steps: Sequence[Step]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(step, option id, loop) for every `next` that leads back to a step already on the path (a cycle)."""
    by_id = {s.id: s for s in steps}
    state: dict[str, str] = {}
    found: list[tuple[str, str, tuple[str, ...]]] = []

    def visit(step_id: str, trail: tuple[str, ...]) -> None:
        state[step_id] = "open"
        trail += (step_id,)
        for option in by_id[step_id].options:
            if option.next not in by_id:
                continue
            if state.get(option.next) == "open":
                found.append((step_id, option.id, trail[trail.index(option.next):] + (option.next,)))
            elif option.next not in state:
                visit(option.next, trail)
        state[step_id] = "done"

    for step in steps:
        if step.id not in state:
            visit(step.id, ())
    return found


@dataclass(frozen=True)
class PathState:
    """Where a scenario stands after some decisions: points so far and the step to answer next (None = done)."""

    points: int
    current: str | None
    pairs: tuple[tuple[str, str], ...]


def walk_path(question: Question, path: object) -> PathState | None:
    """Follow [step, option] pairs from the start step; None if they are malformed or do not follow `next`."""
    if not isinstance(path, (list, tuple)):
        return None
    current, points, pairs = question.start, 0, []
    for pair in path:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2 or current is None:
            return None
        step_id, option_id_ = pair
        if step_id != current or not isinstance(option_id_, str):
            return None
        step = question.step(current)
        option = step.option(option_id_) if step else None
        if option is None:
            return None
        points += option.points
        pairs.append((step_id, option_id_))
        current = option.next
    return PathState(points=points, current=current, pairs=tuple(pairs))


@dataclass(frozen=True)
class Settings:
    """Quiz settings; attempts None = unlimited, feedback None = per kind (immediate for scenarios)."""

    pass_mark: int
    attempts: int | None = None
    shuffle_questions: bool = False
    shuffle_options: bool = False
    draw: int | None = None
    feedback: str | None = None
    time_limit_minutes: int | None = None


def feedback_mode(settings: Settings, question: Question) -> str:
    """'immediate' or 'on_submit' for this question: the setting, else immediate for scenarios only."""
    if settings.feedback:
        return settings.feedback
    return "immediate" if question.kind == "scenario" else "on_submit"


@dataclass(frozen=True)
class QuizSpec:
    """A validated quiz: its module folder name, title, settings and the question pool in file order."""

    module: str
    title: str
    settings: Settings
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def question_ids(self) -> tuple[str, ...]:
        """Ids of the whole pool, in file order."""
        return tuple(q.id for q in self.questions)

    @property
    def cited_sources(self) -> frozenset[str]:
        """Source keys the quiz cites (they count as cited for the module's 'every source is cited' rule)."""
        return frozenset(key for q in self.questions for key in q.sources)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (lists and plain values) that from_dict turns back into an equal spec."""
        return {"format": SPEC_FORMAT, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuizSpec:
        """Rebuild a spec stored by to_dict (after a JSON round trip)."""
        if data.get("format", SPEC_FORMAT) != SPEC_FORMAT:
            raise ValueError(f"unknown quiz spec format {data.get('format')!r}")
        return cls(module=data["module"], title=data["title"], settings=Settings(**data["settings"]),
                   questions=tuple(_question_from_dict(q) for q in data["questions"]))


def _options_from(items: Sequence[dict]) -> tuple[Option, ...]:
    return tuple(Option(**item) for item in items)


def _question_from_dict(data: dict[str, Any]) -> Question:
    steps = tuple(Step(id=s["id"], prompt=s["prompt"], options=_options_from(s["options"]))
                  for s in data.get("steps", ()))
    fields = {k: v for k, v in data.items() if k not in ("options", "steps", "sources", "lessons")}
    return Question(**fields, sources=tuple(data["sources"]), options=_options_from(data.get("options", ())),
                    steps=steps, lessons=tuple(data.get("lessons", ())))


def audience_questions(spec: QuizSpec, audience: str | None) -> tuple[Question, ...]:
    """The pool a learner of this discipline draws from: questions for everyone plus those for their role
    (a discipline with no questions of its own, or None, gets the whole pool)."""
    if audience not in AUDIENCES or audience == "all":
        return spec.questions
    return tuple(q for q in spec.questions if q.audience in ("all", audience))


def questions_per_attempt(spec: QuizSpec, audience: str | None) -> int:
    """How many questions an attempt gives a learner of this discipline (the draw, capped by their pool)."""
    pool = len(audience_questions(spec, audience))
    return min(spec.settings.draw, pool) if spec.settings.draw else pool
