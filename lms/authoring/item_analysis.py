"""Item analysis of a quiz: difficulty, discrimination (upper vs lower 27%, point-biserial), option choice
rates, and flags for items that are too easy, too hard, do not discriminate, or draw the strongest learners to a
distractor. Pure: the figures come from per-question and per-option sums (which the database computes in two
GROUP BY queries; `aggregate` computes the same sums from rows, for tests and small data)."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

TOO_EASY, TOO_HARD, LOW_DISCRIMINATION, GROUP_SHARE = 0.95, 0.3, 0.1, 0.27


@dataclass(frozen=True)
class Response:
    """One attempt's answer to one question: the attempt's total score (0-100), the question's fraction (0-1)
    and the option ids chosen (a scenario's as step:option)."""

    attempt_id: int
    total: float
    question_id: str
    fraction: float
    chosen: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionSums:
    """Sums over one question's responses (`full`: scoring full marks; upper/lower: the 27% groups)."""

    question_id: str
    n: int
    full: int
    upper: int
    upper_full: int
    lower: int
    lower_full: int
    total: float            # sum of the attempts' totals
    total_sq: float         # sum of their squares
    total_full: float       # sum of the totals of the attempts scoring full marks


@dataclass(frozen=True)
class OptionSums:
    """How often one option was chosen: by everyone, by the upper group, by the lower group."""

    question_id: str
    option: str
    chosen: int
    upper: int
    lower: int


@dataclass
class ItemStats:
    """Figures for one question."""

    question_id: str
    responses: int = 0
    difficulty: float | None = None         # share scoring full marks
    discrimination: float | None = None     # p(upper 27%) - p(lower 27%)
    point_biserial: float | None = None
    choices: dict = field(default_factory=dict)   # option id -> times chosen
    flags: list[str] = field(default_factory=list)


def group_size(attempts: int, share: float = GROUP_SHARE) -> int:
    """How many attempts make the upper (and the lower) group: 27% rounded half up, at least one."""
    return max(1, (attempts * round(share * 100) + 50) // 100) if attempts else 0


def groups(totals: dict[int, float], share: float = GROUP_SHARE) -> tuple[set[int], set[int]]:
    """Attempt ids of the upper and lower `share` of attempts by (total score, id)."""
    ranked = sorted(totals, key=lambda a: (totals[a], a))
    size = group_size(len(ranked), share)
    return (set(ranked[-size:]), set(ranked[:size])) if size else (set(), set())


def point_biserial(full: list[bool], totals: list[float]) -> float | None:
    """Correlation of scoring full marks with the total score; None when either does not vary."""
    hits = sum(full)
    return _point_biserial(len(full), hits, math.fsum(totals), math.fsum(t * t for t in totals),
                           math.fsum(t for f, t in zip(full, totals, strict=True) if f))


def _point_biserial(n: int, hits: int, total: float, total_sq: float, total_full: float) -> float | None:
    if n < 2 or hits in (0, n):
        return None
    mean = total / n
    variance = total_sq / n - mean * mean
    if variance <= 1e-9 * (mean * mean + 1):  # the totals do not vary (beyond rounding)
        return None
    right, wrong = total_full / hits, (total - total_full) / (n - hits)
    p = hits / n
    return (right - wrong) / math.sqrt(variance) * math.sqrt(p * (1 - p))


def aggregate(responses: list[Response]) -> tuple[list[QuestionSums], list[OptionSums]]:
    """The sums the database computes, from rows (questions in first-seen order)."""
    upper, lower = groups({r.attempt_id: r.total for r in responses})
    by_question: dict[str, list[Response]] = {}
    for response in responses:
        by_question.setdefault(response.question_id, []).append(response)
    questions, options = [], []
    for qid, rows in by_question.items():
        full = [r for r in rows if r.fraction >= 1]
        questions.append(QuestionSums(
            qid, len(rows), len(full), sum(r.attempt_id in upper for r in rows),
            sum(r.attempt_id in upper for r in full), sum(r.attempt_id in lower for r in rows),
            sum(r.attempt_id in lower for r in full), math.fsum(r.total for r in rows),
            math.fsum(r.total * r.total for r in rows), math.fsum(r.total for r in full)))
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for r in rows:
            for option in r.chosen:
                counts[option][0] += 1
                counts[option][1] += r.attempt_id in upper
                counts[option][2] += r.attempt_id in lower
        options += [OptionSums(qid, option, *c) for option, c in counts.items()]
    return questions, options


def analyse(responses: list[Response], correct: dict[str, set[str]]) -> list[ItemStats]:
    """Per question, in first-seen order; `correct` names each question's right option ids (empty for
    scenarios, whose options carry points instead)."""
    return from_sums(*aggregate(responses), correct)


def from_sums(questions: list[QuestionSums], options: list[OptionSums],
              correct: dict[str, set[str]]) -> list[ItemStats]:
    """The figures and flags of each question from its sums."""
    by_question: dict[str, list[OptionSums]] = defaultdict(list)
    for option in options:
        by_question[option.question_id].append(option)
    return [_item(q, by_question[q.question_id], correct.get(q.question_id, set())) for q in questions]


def _item(q: QuestionSums, options: list[OptionSums], right: set[str]) -> ItemStats:
    stats = ItemStats(q.question_id, responses=q.n, difficulty=q.full / q.n if q.n else None)
    if q.upper and q.lower:
        stats.discrimination = q.upper_full / q.upper - q.lower_full / q.lower
    stats.point_biserial = _point_biserial(q.n, q.full, q.total, q.total_sq, q.total_full)
    stats.choices = {o.option: o.chosen for o in options}
    if stats.difficulty is not None and stats.difficulty > TOO_EASY:
        stats.flags.append("too easy")
    if stats.difficulty is not None and stats.difficulty < TOO_HARD:
        stats.flags.append("too hard")
    if stats.discrimination is not None and stats.discrimination < LOW_DISCRIMINATION:
        stats.flags.append("negative discrimination" if stats.discrimination < 0 else "low discrimination")
    stats.flags.extend(_misleading(q, options, right))
    return stats


def _misleading(q: QuestionSums, options: list[OptionSums], right: set[str]) -> list[str]:
    """A distractor the upper group picks at least as often as the lower group (and at all) misleads the strongest."""
    if not right or not q.upper:
        return []
    flagged = []
    for o in sorted(options, key=lambda o: o.option):
        high = o.upper / q.upper
        low = o.lower / q.lower if q.lower else 0.0
        if o.option not in right and high > 0 and high >= low:
            flagged.append(f"distractor {o.option} draws the strongest learners")
    return flagged
