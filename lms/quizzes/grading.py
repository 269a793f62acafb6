"""Grading an attempt: answers in, a Result out. Pure, and never raises on what a learner sent.

Answer shapes (JSON values, keyed by question id):
  single      "b"                              an option id
  multiple    ["a", "c"]                       option ids
  true_false  true | false
  scenario    [["first-look", "b"], ["talk", "b"]]   [step, option] pairs in the order taken
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lms.quizzes.spec import Option, Question, QuizSpec, walk_path

PASS_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ChoiceFeedback:
    """One choice the learner made and its feedback; step_id is set for scenario decisions."""

    option_id: str
    text: str
    feedback: str
    correct: bool | None = None
    points: int | None = None
    step_id: str | None = None


@dataclass(frozen=True)
class QuestionResult:
    """How one question scored: fraction 0..1 of its weight, what was chosen, and the feedback to show."""

    question_id: str
    kind: str
    fraction: float
    weight: int
    answered: bool
    chosen: object
    feedback: tuple[ChoiceFeedback, ...]
    correct_ids: tuple[str, ...] = ()
    best_path: tuple[tuple[str, str], ...] = ()

    @property
    def earned(self) -> float:
        """Weighted points earned: fraction x weight."""
        return self.fraction * self.weight


@dataclass(frozen=True)
class Result:
    """A graded attempt: score in percent (1 decimal), pass/fail, weighted totals and per-question results."""

    score: float
    passed: bool
    earned: float
    possible: int
    questions: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class StepOutcome:
    """A scenario decision accepted: its feedback, points and the next step (None = scenario finished)."""

    step_id: str
    option_id: str
    feedback: str
    points: int
    next_step: str | None


@dataclass(frozen=True)
class StepRefused:
    """A scenario decision refused (not the current step, unknown option, scenario already finished)."""

    reason: str


def grade(spec: QuizSpec, answers: Mapping[str, object], *,
          question_ids: Sequence[str] | None = None) -> Result:
    """Score the questions this attempt was given (default: all); bad or missing answers score 0."""
    ids = spec.question_ids if question_ids is None else tuple(question_ids)
    if len(set(ids)) != len(ids) or any(spec.question(qid) is None for qid in ids):
        raise ValueError(f"question_ids {ids!r} do not match the quiz")
    if not isinstance(answers, Mapping):
        answers = {}
    results = tuple(grade_question(spec.question(qid), answers.get(qid)) for qid in ids)
    earned = sum(r.earned for r in results)
    possible = sum(r.weight for r in results)
    score = round(100 * earned / possible, 1) if possible else 0.0
    return Result(score=score, passed=possible > 0 and score + PASS_TOLERANCE >= spec.settings.pass_mark,
                  earned=earned, possible=possible, questions=results)


def grade_question(question: Question, answer: object) -> QuestionResult:
    """Score one question's answer (any JSON value) per the kinds-and-scoring table."""
    grader = {"single": _single, "multiple": _multiple, "true_false": _true_false, "scenario": _scenario}
    return grader[question.kind](question, answer)


def _choice(option: Option, *, step_id: str | None = None) -> ChoiceFeedback:
    return ChoiceFeedback(option_id=option.id, text=option.text, feedback=option.feedback,
                          correct=None if step_id else option.correct,
                          points=option.points if step_id else None, step_id=step_id)


def _result(question: Question, fraction: float, chosen: object, feedback=(), **extra) -> QuestionResult:
    return QuestionResult(question_id=question.id, kind=question.kind, fraction=fraction, weight=question.weight,
                          answered=chosen is not None, chosen=chosen, feedback=tuple(feedback), **extra)


def _single(question: Question, answer: object) -> QuestionResult:
    option = question.option(answer) if isinstance(answer, str) else None
    if option is None:
        return _result(question, 0.0, None, correct_ids=question.correct_ids)
    return _result(question, 1.0 if option.correct else 0.0, option.id, [_choice(option)],
                   correct_ids=question.correct_ids)


def _multiple(question: Question, answer: object) -> QuestionResult:
    valid = isinstance(answer, (list, tuple)) and all(
        isinstance(a, str) and question.option(a) is not None for a in answer)
    if not valid or not answer:
        return _result(question, 0.0, None, correct_ids=question.correct_ids)
    chosen = [o for o in question.options if o.id in set(answer)]
    right = sum(1 for o in chosen if o.correct)
    fraction = max(0.0, (right - (len(chosen) - right)) / len(question.correct_ids))
    return _result(question, fraction, tuple(o.id for o in chosen), [_choice(o) for o in chosen],
                   correct_ids=question.correct_ids)


def _true_false(question: Question, answer: object) -> QuestionResult:
    correct_ids = ("true",) if question.answer else ("false",)
    if not isinstance(answer, bool):
        return _result(question, 0.0, None, correct_ids=correct_ids)
    feedback = ChoiceFeedback(option_id="true" if answer else "false", text="True" if answer else "False",
                              feedback=question.feedback_true if answer else question.feedback_false,
                              correct=answer == question.answer)
    return _result(question, 1.0 if answer == question.answer else 0.0, answer, [feedback],
                   correct_ids=correct_ids)


def _scenario(question: Question, answer: object) -> QuestionResult:
    state = walk_path(question, answer)
    if state is None or not state.pairs:
        return _result(question, 0.0, None, best_path=question.best_path)
    feedback = [_choice(question.step(s).option(o), step_id=s) for s, o in state.pairs]
    fraction = min(1.0, state.points / question.best_points) if question.best_points else 0.0
    return _result(question, fraction, state.pairs, feedback, best_path=question.best_path)


def best_answers(spec: QuizSpec, question: Question) -> object:
    """The ideal answer to a question, in the answer shape grade() takes."""
    if question.kind == "single":
        return question.correct_ids[0]
    if question.kind == "multiple":
        return list(question.correct_ids)
    if question.kind == "true_false":
        return question.answer
    return [list(pair) for pair in question.best_path]


def all_best_answers(spec: QuizSpec) -> dict[str, object]:
    """The ideal answers to every question of the quiz, keyed by question id."""
    return {q.id: best_answers(spec, q) for q in spec.questions}


def scenario_step(question: Question, path_so_far: object, step_id: str,
                  option_id: str) -> StepOutcome | StepRefused:
    """Check one scenario decision against the path so far; the outcome gives its feedback and the next step."""
    if question.kind != "scenario":
        return StepRefused("not a scenario question")
    state = walk_path(question, path_so_far)
    if state is None:
        return StepRefused("the path so far does not follow the scenario")
    if state.current is None:
        return StepRefused("the scenario is already finished")
    if step_id != state.current:
        return StepRefused(f"'{step_id}' is not the current step ('{state.current}')")
    option = question.step(step_id).option(option_id) if isinstance(option_id, str) else None
    if option is None:
        return StepRefused(f"step '{step_id}' has no option '{option_id}'")
    return StepOutcome(step_id=step_id, option_id=option.id, feedback=option.feedback, points=option.points,
                       next_step=option.next)
