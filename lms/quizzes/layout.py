"""One attempt's layout (which questions, in what order, options in what order) and what the browser may see.

Pure and deterministic: the same spec and seed always give the same layout, so an attempt stores only its seed
(or the layout's dict). Answers use stable option ids, so no layout ever changes a grade.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from lms.quizzes.spec import Question, QuizSpec, audience_questions, walk_path


def options_key(question_id: str, step_id: str | None = None) -> str:
    """Key of an option order in Layout.option_orders: the question id, or 'question/step' for scenario steps."""
    return question_id if step_id is None else f"{question_id}/{step_id}"


@dataclass(frozen=True)
class Layout:
    """The questions an attempt was given, in order, and each option list's order (keys from options_key)."""

    question_ids: tuple[str, ...]
    option_orders: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def options_for(self, question_id: str, step_id: str | None = None) -> tuple[str, ...] | None:
        """The option ids of a question (or scenario step) in display order; None when not laid out."""
        return self.option_orders.get(options_key(question_id, step_id))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form of the layout."""
        return {"question_ids": list(self.question_ids),
                "option_orders": {k: list(v) for k, v in self.option_orders.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Layout:
        """Rebuild a layout stored by to_dict."""
        return cls(question_ids=tuple(data["question_ids"]),
                   option_orders={k: tuple(v) for k, v in data["option_orders"].items()})


def make_layout(spec: QuizSpec, *, seed: int, audience: str | None = None) -> Layout:
    """Draw and order the questions and options for one attempt, per the settings, from `seed`; with an
    `audience` (the learner's discipline) the pool is the questions for everyone plus those for that role."""
    rng = random.Random(seed)
    settings, pool = spec.settings, [q.id for q in audience_questions(spec, audience)]
    if settings.draw and settings.draw < len(pool):
        drawn = set(rng.sample(pool, settings.draw))
        pool = [qid for qid in pool if qid in drawn]
    if settings.shuffle_questions:
        rng.shuffle(pool)
    orders: dict[str, tuple[str, ...]] = {}
    for qid in pool:
        question = spec.question(qid)
        lists = [(options_key(qid, s.id), s.options) for s in question.steps] or [(options_key(qid), question.options)]
        for key, options in lists:
            if not options:
                continue
            ids = [o.id for o in options]
            if settings.shuffle_options:
                rng.shuffle(ids)
            orders[key] = tuple(ids)
    return Layout(question_ids=tuple(pool), option_orders=orders)


def _public_options(options, order: tuple[str, ...] | None) -> list[dict[str, str]]:
    by_id = {o.id: o for o in options}
    ids = order if order is not None and set(order) == set(by_id) else tuple(by_id)
    return [{"id": oid, "text": by_id[oid].text} for oid in ids]


def public_question(question: Question, layout: Layout, *, path: object = ()) -> dict[str, Any]:
    """What may reach the browser before answering: never correctness, points, feedback, next or the answer.

    For a scenario, `path` is the [step, option] pairs taken so far; only the current step is included
    (`step` is None once the scenario is finished). An invalid path raises ValueError (app data, not learner's).
    """
    public: dict[str, Any] = {"id": question.id, "kind": question.kind}
    if question.kind != "scenario":
        public["prompt"] = question.prompt
        if question.options:
            public["options"] = _public_options(question.options, layout.options_for(question.id))
        return public
    state = walk_path(question, path)
    if state is None:
        raise ValueError(f"path {path!r} does not follow scenario '{question.id}'")
    public["vignette"] = question.vignette
    public["decisions_made"] = len(state.pairs)
    step = question.step(state.current) if state.current else None
    public["step"] = None if step is None else {
        "id": step.id, "prompt": step.prompt,
        "options": _public_options(step.options, layout.options_for(question.id, step.id))}
    return public
