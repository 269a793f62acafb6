"""Playing a draft quiz as a learner would, from form fields (nothing stored), and each scenario as a tree. Pure."""
from __future__ import annotations

from dataclasses import dataclass, field

from lms.quizzes.grading import Result, grade
from lms.quizzes.spec import Question, QuizSpec, walk_path


@dataclass
class PlayState:
    """The answers so far, each scenario's path and next step (None when finished), and the grade if asked."""

    answers: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)
    current: dict = field(default_factory=dict)
    result: Result | None = None

    def path_text(self, question_id: str) -> str:
        """A scenario's path as the hidden form field carries it."""
        return ",".join(f"{s}:{o}" for s, o in self.paths.get(question_id, ()))


def _path(raw: str) -> list[tuple[str, str]]:
    pairs = [tuple(part.split(":", 1)) for part in raw.split(",") if ":" in part]
    return [(s, o) for s, o in pairs]


def play(quiz: QuizSpec, form) -> PlayState:
    """Read a preview form: choices per question, one more decision per scenario, and grade on 'grade'."""
    state = PlayState()
    for question in quiz.questions:
        key = f"q-{question.id}"
        if question.kind == "single" and form.get(key):
            state.answers[question.id] = form.get(key)
        elif question.kind == "multiple" and hasattr(form, "getlist") and form.getlist(key):
            state.answers[question.id] = form.getlist(key)
        elif question.kind == "true_false" and form.get(key) in ("true", "false"):
            state.answers[question.id] = form.get(key) == "true"
        elif question.kind == "scenario":
            _scenario(state, question, form)
    if form.get("action") == "grade":
        state.result = grade(quiz, state.answers)
    return state


def _scenario(state: PlayState, question: Question, form) -> None:
    path = _path(form.get(f"path-{question.id}", ""))
    walked = walk_path(question, path) or walk_path(question, [])
    chosen = form.get(f"step-{question.id}")
    if walked.current is not None and chosen:
        longer = walk_path(question, [*walked.pairs, (walked.current, chosen)])
        walked = longer or walked
    state.paths[question.id] = list(walked.pairs)
    state.current[question.id] = walked.current
    if walked.pairs:
        state.answers[question.id] = [list(pair) for pair in walked.pairs]


@dataclass(frozen=True)
class Branch:
    """One option of a step in the diagram, leading to a step (drawn below it) or to the end."""

    option_id: str
    text: str
    points: int
    next: str | None
    child: Node | None
    best: bool


@dataclass(frozen=True)
class Node:
    """A step of a scenario and its branches."""

    step_id: str
    prompt: str
    branches: tuple[Branch, ...]


def scenario_tree(question: Question) -> Node | None:
    """The scenario's branches from its start as a tree (the validator has refused loops and missing steps);
    options on the best path are marked."""
    best = set(question.best_path)

    def node(step_id: str, depth: int) -> Node | None:
        step = question.step(step_id)
        if step is None or depth > 60:
            return None
        return Node(step.id, step.prompt, tuple(
            Branch(o.id, o.text, o.points, o.next, node(o.next, depth + 1) if o.next else None,
                   (step.id, o.id) in best) for o in step.options))

    return node(question.start, 0)
