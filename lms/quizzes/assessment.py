"""Assessment checks: can a learner pass a quiz without reading it? Pure: works on a QuizSpec.

A *decision* is a `single` question or one scenario step: one choice with one keyed (best) option. The checks
(thresholds in docs/authoring.md) look at where the key sits (the longest option? the shortest?), how many
options each decision offers, the true/false key balance, and what four content-blind strategies score when
the whole pool is graded: always the longest option, always the first, always the last, and always the option
sharing most words with the stem, and (so that moving the key away from the longest option does not make a
new cue) always the option of middle length. Each strategy must score below the pass mark.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lms.quizzes.grading import grade
from lms.quizzes.spec import Option, Question, QuizSpec

MAX_KEYED_LONGEST_SHARE = 0.40
MAX_KEYED_SHORTEST_SHARE = 0.40
MIN_OPTIONS = 3
MIN_OPTIONS_MULTIPLE = 4
MAX_TRUE_FALSE_IMBALANCE = 1
MIN_DECISIONS_FOR_SHARES = 5
STRATEGIES = ("longest", "middle", "first", "last", "stem_words")

_WORD = re.compile(r"[a-z0-9']+")
_STOP = frozenset("""a an and are as at be but by do does for from has have he her him his how i if in is it its
me my no not of on or our she so that the their them then there they this to was we what when where which who
why will with you your""".split())


@dataclass(frozen=True)
class Decision:
    """One choice with a key: a single question (step None) or a scenario step, and its stem and options."""

    question_id: str
    step_id: str | None
    stem: str
    options: tuple[Option, ...]
    keyed: frozenset[str]

    @property
    def label(self) -> str:
        """How a report names it: the question id, with the step for a scenario."""
        return self.question_id if self.step_id is None else f"{self.question_id} step '{self.step_id}'"


@dataclass(frozen=True)
class Assessment:
    """The figures for one quiz: key positions, options per decision, true/false keys, strategy scores."""

    decisions: int
    keyed_longest: tuple[Decision, ...]
    keyed_shortest: tuple[Decision, ...]
    few_options: tuple[Decision, ...]
    true_keys: int
    false_keys: int
    strategy_scores: dict[str, float]
    pass_mark: int

    @property
    def longest_share(self) -> float:
        """Share of decisions whose keyed option is the longest."""
        return len(self.keyed_longest) / self.decisions if self.decisions else 0.0

    @property
    def shortest_share(self) -> float:
        """Share of decisions whose keyed option is the shortest."""
        return len(self.keyed_shortest) / self.decisions if self.decisions else 0.0

    def summary(self) -> str:
        """One line of figures, as `content check` prints it."""
        scores = ", ".join(f"{name} {score:g}%" for name, score in self.strategy_scores.items())
        return (f"{self.decisions} decisions, keyed longest {self.longest_share:.0%}, keyed shortest "
                f"{self.shortest_share:.0%}, true/false keys {self.true_keys}T/{self.false_keys}F; "
                f"blind strategies: {scores} (pass mark {self.pass_mark}%)")


@dataclass(frozen=True)
class Finding:
    """One assessment problem; `question_id`/`step_id` say where (None = the quiz as a whole)."""

    message: str
    question_id: str | None = None
    step_id: str | None = None


def words(text: str) -> frozenset[str]:
    """The content words of a text (lowercase, without common function words)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def decisions(spec: QuizSpec) -> list[Decision]:
    """Every single question and scenario step of the pool, in file order, with its keyed option(s)."""
    found = []
    for question in spec.questions:
        if question.kind == "single":
            found.append(Decision(question.id, None, question.prompt or "", question.options,
                                  frozenset(question.correct_ids)))
        elif question.kind == "scenario":
            for step in question.steps:
                best = max(o.points for o in step.options)
                found.append(Decision(question.id, step.id, f"{question.vignette or ''}\n{step.prompt}",
                                      step.options, frozenset(o.id for o in step.options if o.points == best)))
    return found


def _longest(options: Sequence[Option], stem: str) -> Option:
    return max(options, key=lambda o: len(o.text.strip()))


def _shortest(options: Sequence[Option], stem: str) -> Option:
    return min(options, key=lambda o: len(o.text.strip()))


def _middle(options: Sequence[Option], stem: str) -> Option:
    ranked = sorted(options, key=lambda o: len(o.text.strip()))
    return ranked[(len(ranked) - 1) // 2]


def _first(options: Sequence[Option], stem: str) -> Option:
    return options[0]


def _last(options: Sequence[Option], stem: str) -> Option:
    return options[-1]


def _stem_words(options: Sequence[Option], stem: str) -> Option:
    stem_words = words(stem)
    return max(options, key=lambda o: len(words(o.text) & stem_words))


_PICKERS: dict[str, Callable[[Sequence[Option], str], Option]] = {
    "longest": _longest, "middle": _middle, "first": _first, "last": _last, "stem_words": _stem_words}
# A true/false item as each strategy answers it: the options read "True", "False" in that order.
_TRUE_FALSE = {"longest": False, "middle": True, "first": True, "last": False, "stem_words": True}


def strategy_answer(question: Question, strategy: str) -> object:
    """The answer a content-blind strategy gives to a question, in the shape grade() takes."""
    pick = _PICKERS[strategy]
    if question.kind == "true_false":
        return _TRUE_FALSE[strategy]
    if question.kind in ("single", "multiple"):
        chosen = pick(question.options, question.prompt or "")
        return chosen.id if question.kind == "single" else [chosen.id]
    path, current = [], question.start
    while current is not None and len(path) < len(question.steps):
        step = question.step(current)
        chosen = pick(step.options, f"{question.vignette or ''}\n{step.prompt}")
        path.append([step.id, chosen.id])
        current = chosen.next
    return path


def strategy_score(spec: QuizSpec, strategy: str) -> float:
    """The score, in percent, of answering the whole pool with one content-blind strategy."""
    return grade(spec, {q.id: strategy_answer(q, strategy) for q in spec.questions}).score


def assess(spec: QuizSpec) -> Assessment:
    """The assessment figures of a quiz."""
    found = decisions(spec)
    keyed_longest = tuple(d for d in found if _longest(d.options, d.stem).id in d.keyed)
    keyed_shortest = tuple(d for d in found if _shortest(d.options, d.stem).id in d.keyed)
    multiple_few = [Decision(q.id, None, q.prompt or "", q.options, frozenset(q.correct_ids))
                    for q in spec.questions if q.kind == "multiple" and len(q.options) < MIN_OPTIONS_MULTIPLE]
    few = tuple(d for d in found if len(d.options) < MIN_OPTIONS) + tuple(multiple_few)
    true_false = [q.answer for q in spec.questions if q.kind == "true_false"]
    return Assessment(decisions=len(found), keyed_longest=keyed_longest, keyed_shortest=keyed_shortest,
                      few_options=few, true_keys=sum(1 for a in true_false if a),
                      false_keys=sum(1 for a in true_false if not a),
                      strategy_scores={name: strategy_score(spec, name) for name in STRATEGIES},
                      pass_mark=spec.settings.pass_mark)


def role_findings(spec: QuizSpec) -> list[Finding]:
    """Strategy scores of each role's own pool (what an officer, clinician or CPS worker is actually asked)."""
    from lms.quizzes.ce_rule import role_pools

    problems = []
    for label, pool in role_pools(spec):
        if not label:
            continue
        for name in STRATEGIES:
            score = strategy_score(pool, name)
            if score >= spec.settings.pass_mark:
                problems.append(Finding(f"in the attempt{label}, always choosing the {_STRATEGY_WORDS[name]} "
                                        f"scores {score:g}%, at or above the pass mark of "
                                        f"{spec.settings.pass_mark}%"))
    return problems


def findings(spec: QuizSpec) -> list[Finding]:
    """The assessment problems of a quiz; empty when a content-blind learner cannot pass it."""
    figures = assess(spec)
    problems: list[Finding] = []
    for decision in figures.few_options:
        multiple = spec.question(decision.question_id).kind == "multiple"
        need = MIN_OPTIONS_MULTIPLE if multiple else MIN_OPTIONS
        problems.append(Finding(f"{decision.label}: has {len(decision.options)} options; a decision needs at "
                                f"least {need}", decision.question_id, decision.step_id))
    for share, listed, what, limit in (
            (figures.longest_share, figures.keyed_longest, "longest", MAX_KEYED_LONGEST_SHARE),
            (figures.shortest_share, figures.keyed_shortest, "shortest", MAX_KEYED_SHORTEST_SHARE)):
        if figures.decisions >= MIN_DECISIONS_FOR_SHARES and share > limit + 1e-9:
            problems.append(Finding(f"the keyed option is the {what} in {len(listed)} of {figures.decisions} "
                                    f"decisions ({share:.0%}; at most {limit:.0%} allowed)"))
            problems.extend(Finding(f"{d.label}: the keyed option is the {what}", d.question_id, d.step_id)
                            for d in listed)
    if abs(figures.true_keys - figures.false_keys) > MAX_TRUE_FALSE_IMBALANCE:
        problems.append(Finding(f"true/false keys are {figures.true_keys} true and {figures.false_keys} false; "
                                f"they may differ by at most {MAX_TRUE_FALSE_IMBALANCE}"))
    for name, score in figures.strategy_scores.items():
        if score >= spec.settings.pass_mark:
            problems.append(Finding(f"always choosing the {_STRATEGY_WORDS[name]} scores {score:g}%, at or "
                                    f"above the pass mark of {spec.settings.pass_mark}%"))
    return problems + role_findings(spec)


_STRATEGY_WORDS = {"longest": "longest option", "middle": "option of middle length", "first": "first option",
                   "last": "last option", "stem_words": "option sharing most words with the question"}
