"""Hypothesis strategies for valid quiz specs and learner answers, and a writer of the authoring YAML format."""
from __future__ import annotations

import yaml
from hypothesis import strategies as st

from lms.quizzes.spec import FEEDBACK_MODES, Option, Question, QuizSpec, Settings, Step, option_id

SOURCES = ("src-one", "src-two")


def _choice_question(draw, qid: str, kind: str) -> Question:
    count = draw(st.integers(2, 5))
    if kind == "single":
        right = draw(st.integers(0, count - 1))
        flags = [i == right for i in range(count)]
    else:
        flags = draw(st.lists(st.booleans(), min_size=count, max_size=count).filter(any))
    options = tuple(Option(id=option_id(i), text=f"{qid} text {i}", feedback=f"{qid} feedback {i}", correct=flag)
                    for i, flag in enumerate(flags))
    return Question(id=qid, kind=kind, sources=(SOURCES[0],), prompt=f"{qid} prompt", options=options)


def _scenario(draw, qid: str) -> Question:
    """A loop-free scenario: `next` only points forward, the first option chains the steps (all reachable)."""
    names = [f"step-{i}" for i in range(draw(st.integers(1, 4)))]
    steps = []
    for i, name in enumerate(names):
        options = []
        for j in range(draw(st.integers(2, 3))):
            target = names[i + 1] if j == 0 and i + 1 < len(names) else draw(st.sampled_from([None] + names[i + 1:]))
            low = 1 if (i, j) == (0, 0) else 0  # the best path always scores something
            options.append(Option(id=option_id(j), text=f"{qid} {name} text {j}",
                                  feedback=f"{qid} {name} feedback {j}", points=draw(st.integers(low, 3)),
                                  next=target))
        steps.append(Step(id=name, prompt=f"{qid} {name} prompt", options=tuple(options)))
    return Question(id=qid, kind="scenario", sources=SOURCES, audience=draw(st.sampled_from(["all", "officer"])),
                    vignette=f"{qid} vignette", steps=tuple(steps), start=names[0])


@st.composite
def quiz_specs(draw, max_questions: int = 6) -> QuizSpec:
    """A random valid QuizSpec (every rule of the validator holds)."""
    kinds = draw(st.lists(st.sampled_from(["single", "multiple", "true_false", "scenario"]),
                          min_size=1, max_size=max_questions))
    questions = []
    for index, kind in enumerate(kinds):
        qid = f"q{index}"
        if kind == "true_false":
            questions.append(Question(id=qid, kind=kind, sources=(SOURCES[1],), prompt=f"{qid} prompt",
                                      answer=draw(st.booleans()), feedback_true=f"{qid} feedback true",
                                      feedback_false=f"{qid} feedback false"))
        elif kind == "scenario":
            questions.append(_scenario(draw, qid))
        else:
            questions.append(_choice_question(draw, qid, kind))
    settings = Settings(pass_mark=draw(st.integers(1, 100)), attempts=draw(st.none() | st.integers(1, 5)),
                        shuffle_questions=draw(st.booleans()), shuffle_options=draw(st.booleans()),
                        draw=draw(st.none() | st.integers(1, len(questions))),
                        feedback=draw(st.sampled_from((None,) + FEEDBACK_MODES)),
                        time_limit_minutes=draw(st.none() | st.integers(1, 90)))
    return QuizSpec(module="01-sample", title="Sample quiz", settings=settings, questions=tuple(questions))


def random_walk(draw, question: Question) -> list[list[str]]:
    """A scenario path that follows `next`, possibly stopped early."""
    path, current = [], question.start
    while current is not None and draw(st.integers(0, 9)) > 0:
        option = draw(st.sampled_from(question.step(current).options))
        path.append([current, option.id])
        current = option.next
    return path


@st.composite
def learner_answers(draw, spec: QuizSpec) -> dict[str, object]:
    """Well-formed answers to some of the questions, right or wrong."""
    answers: dict[str, object] = {}
    for question in spec.questions:
        if not draw(st.integers(0, 5)):
            continue
        if question.kind == "single":
            answers[question.id] = draw(st.sampled_from([o.id for o in question.options]))
        elif question.kind == "multiple":
            answers[question.id] = draw(st.lists(st.sampled_from([o.id for o in question.options]), unique=True))
        elif question.kind == "true_false":
            answers[question.id] = draw(st.booleans())
        else:
            answers[question.id] = random_walk(draw, question)
    return answers


JSON_GARBAGE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
    | st.sampled_from(["a", "b", "z", "step-0", "step-1", "end", "true"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=12)


def to_yaml(spec: QuizSpec) -> str:
    """The quiz file an author would write for this spec."""
    settings: dict = {"pass_mark": spec.settings.pass_mark,
                      "attempts": spec.settings.attempts or "unlimited",
                      "shuffle_questions": spec.settings.shuffle_questions,
                      "shuffle_options": spec.settings.shuffle_options}
    for key in ("draw", "feedback", "time_limit_minutes"):
        if getattr(spec.settings, key) is not None:
            settings[key] = getattr(spec.settings, key)
    return yaml.safe_dump({"module": spec.module, "title": spec.title, "settings": settings,
                           "questions": [_question_yaml(q) for q in spec.questions]}, sort_keys=False)


def _question_yaml(question: Question) -> dict:
    data: dict = {"id": question.id, "kind": question.kind, "audience": question.audience,
                  "sources": list(question.sources)}
    if question.kind == "scenario":
        data.update(vignette=question.vignette, start=question.start, steps={
            s.id: {"prompt": s.prompt, "options": [
                {"text": o.text, "points": o.points, "feedback": o.feedback, "next": o.next or "end"}
                for o in s.options]} for s in question.steps})
    elif question.kind == "true_false":
        data.update(prompt=question.prompt, answer=question.answer, feedback_true=question.feedback_true,
                    feedback_false=question.feedback_false)
    else:
        data.update(prompt=question.prompt, options=[
            {"text": o.text, "feedback": o.feedback, **({"correct": True} if o.correct else {})}
            for o in question.options])
    return data
