"""View models for taking a quiz and reading a result. Pure: spec + attempt data in, plain data out.

Before submission only `public_question` data and the feedback of options the learner chose reach a page."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lms.quizzes.layout import Layout, public_question
from lms.quizzes.spec import QuizSpec, feedback_mode, walk_path


@dataclass(frozen=True)
class NavItem:
    """A question in the navigator."""

    index: int
    answered: bool


@dataclass(frozen=True)
class Decision:
    """A scenario decision already made, with its feedback when the quiz shows feedback immediately."""

    prompt: str
    choice: str
    feedback: str | None


@dataclass(frozen=True)
class AttemptView:
    """One page of an open attempt."""

    index: int
    total: int
    question: dict
    saved: object
    decisions: tuple[Decision, ...]
    chosen_feedback: tuple[str, ...]
    nav: tuple[NavItem, ...]
    unanswered: int
    deadline: datetime | None


def _answered(spec: QuizSpec, question_id: str, value: object) -> bool:
    question = spec.question(question_id)
    if question.kind != "scenario":
        return value is not None and value != []
    state = walk_path(question, value or [])
    return state is not None and state.current is None


def attempt_view(spec: QuizSpec, attempt, answers: dict, requested: int | None) -> AttemptView:
    """The page for question `requested` (1-based; default: the first unanswered)."""
    layout = Layout.from_dict(attempt.layout)
    ids = layout.question_ids
    nav = tuple(NavItem(i + 1, _answered(spec, qid, answers.get(qid))) for i, qid in enumerate(ids))
    if requested is None or not 1 <= requested <= len(ids):
        requested = next((item.index for item in nav if not item.answered), 1)
    qid = ids[requested - 1]
    question, saved = spec.question(qid), answers.get(qid)
    immediate = feedback_mode(spec.settings, question) == "immediate"
    decisions: tuple[Decision, ...] = ()
    chosen_feedback: tuple[str, ...] = ()
    if question.kind == "scenario":
        path = (saved or []) if walk_path(question, saved or []) is not None else []
        decisions = tuple(Decision(question.step(s).prompt, question.step(s).option(o).text,
                                   question.step(s).option(o).feedback if immediate else None) for s, o in path)
        public = public_question(question, layout, path=path)
    else:
        public = public_question(question, layout)
        if immediate and saved is not None:
            chosen_feedback = _choice_feedback(question, saved)
    return AttemptView(index=requested, total=len(ids), question=public, saved=saved, decisions=decisions,
                       chosen_feedback=chosen_feedback, nav=nav, unanswered=sum(not n.answered for n in nav),
                       deadline=attempt.deadline)


def _choice_feedback(question, saved) -> tuple[str, ...]:
    if question.kind == "true_false":
        return ((question.feedback_true if saved else question.feedback_false),)
    chosen = saved if isinstance(saved, list) else [saved]
    return tuple(o.feedback for o in question.options if o.id in chosen)


@dataclass(frozen=True)
class OptionReview:
    """An option on the result page."""

    text: str
    feedback: str
    chosen: bool
    correct: bool | None
    points: int | None = None


@dataclass(frozen=True)
class QuestionReview:
    """A question on the result page, with the learner's answer, the right answer and the reasoning."""

    number: int
    kind: str
    text: str
    fraction: float
    weight: int
    options: tuple[OptionReview, ...] = ()
    path: tuple[tuple[str, OptionReview], ...] = ()
    best_path: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)


def result_view(spec: QuizSpec, attempt, source_texts: dict[str, str]) -> list[QuestionReview]:
    """Every question of a submitted attempt as the learner should review it."""
    reviews = []
    for number, stored in enumerate(attempt.result["questions"], start=1):
        question = spec.question(stored["question_id"])
        sources = tuple(source_texts.get(key, key) for key in question.sources)
        common = dict(number=number, kind=question.kind, fraction=stored["fraction"], weight=stored["weight"],
                      sources=sources)
        if question.kind == "scenario":
            pairs = [tuple(p) for p in (stored["chosen"] or [])]
            path = tuple((question.step(s).prompt, OptionReview(question.step(s).option(o).text,
                                                                question.step(s).option(o).feedback, True, None,
                                                                question.step(s).option(o).points))
                         for s, o in pairs)
            best = tuple((question.step(s).prompt, question.step(s).option(o).text) for s, o in question.best_path)
            reviews.append(QuestionReview(text=question.vignette, path=path, best_path=best, **common))
            continue
        if question.kind == "true_false":
            chosen = stored["chosen"]
            options = tuple(OptionReview(label, feedback, chosen is value, question.answer is value)
                            for label, value, feedback in (("True", True, question.feedback_true),
                                                           ("False", False, question.feedback_false)))
        else:
            chosen_ids = stored["chosen"] if isinstance(stored["chosen"], list) else [stored["chosen"]]
            options = tuple(OptionReview(o.text, o.feedback, o.id in chosen_ids, o.correct) for o in question.options)
        reviews.append(QuestionReview(text=question.prompt, options=options, **common))
    return reviews


@dataclass(frozen=True)
class ReviewItem:
    """A learning objective the learner missed questions on, and the lessons (slug, title) that teach it."""

    number: int
    objective: str
    missed: int
    lessons: tuple[tuple[str, str], ...]


def review_plan(spec: QuizSpec, graded_questions: list[dict], objectives: list[str],
                lesson_titles: dict[str, str]) -> tuple[ReviewItem, ...]:
    """The objectives behind the questions not fully right in a graded attempt, in objective order, each with
    its lessons; questions that name no objective are left out."""
    missed: dict[int, int] = {}
    for stored in graded_questions:
        question = spec.question(stored["question_id"])
        if question is not None and question.objective and stored["fraction"] < 1:
            missed[question.objective] = missed.get(question.objective, 0) + 1
    items = []
    for number in sorted(missed):
        lessons = next((q.lessons for q in spec.questions if q.objective == number), ())
        text = objectives[number - 1] if 0 < number <= len(objectives) else f"Objective {number}"
        items.append(ReviewItem(number=number, objective=text, missed=missed[number],
                                lessons=tuple((slug, lesson_titles.get(slug, slug)) for slug in lessons)))
    return tuple(items)
