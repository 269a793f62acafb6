"""Item analysis of a quiz: difficulty, discrimination (upper vs lower 27%, point-biserial), option choice
rates, and flags for items that are too easy, too hard, do not discriminate, or draw the strongest learners to a
distractor. Pure: rows in, figures out."""
from __future__ import annotations

import math
from collections import Counter
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


def groups(totals: dict[int, float], share: float = GROUP_SHARE) -> tuple[set[int], set[int]]:
    """Attempt ids of the upper and lower `share` of attempts by total score (at least one each)."""
    ranked = sorted(totals, key=lambda a: (totals[a], a))
    size = max(1, round(len(ranked) * share)) if ranked else 0
    return set(ranked[-size:]) if size else set(), set(ranked[:size])


def point_biserial(full: list[bool], totals: list[float]) -> float | None:
    """Correlation of scoring full marks with the total score; None when either does not vary."""
    if len(full) < 2:
        return None
    mean = math.fsum(totals) / len(totals)
    spread = math.sqrt(math.fsum((t - mean) ** 2 for t in totals) / len(totals))  # statistics.pstdev is exact, slow
    p = sum(full) / len(full)
    if spread < 1e-12 or p in (0, 1):
        return None
    hits = [t for f, t in zip(full, totals, strict=True) if f]
    misses = [t for f, t in zip(full, totals, strict=True) if not f]
    right, wrong = math.fsum(hits) / len(hits), math.fsum(misses) / len(misses)
    return (right - wrong) / spread * math.sqrt(p * (1 - p))


def analyse(responses: list[Response], correct: dict[str, set[str]]) -> list[ItemStats]:
    """Per question, in first-seen order; `correct` names each question's right option ids (empty for
    scenarios, whose options carry points instead)."""
    totals = {r.attempt_id: r.total for r in responses}
    upper, lower = groups(totals)
    by_question: dict[str, list[Response]] = {}
    for response in responses:
        by_question.setdefault(response.question_id, []).append(response)
    return [_item(qid, rows, upper, lower, correct.get(qid, set())) for qid, rows in by_question.items()]


def _share(rows: list[Response]) -> float | None:
    return sum(r.fraction >= 1 for r in rows) / len(rows) if rows else None


def _item(qid: str, rows: list[Response], upper: set[int], lower: set[int], right: set[str]) -> ItemStats:
    stats = ItemStats(qid, responses=len(rows), difficulty=_share(rows))
    high = [r for r in rows if r.attempt_id in upper]
    low = [r for r in rows if r.attempt_id in lower]
    if high and low:
        stats.discrimination = _share(high) - _share(low)
    stats.point_biserial = point_biserial([r.fraction >= 1 for r in rows], [r.total for r in rows])
    stats.choices = dict(Counter(option for r in rows for option in r.chosen))
    if stats.difficulty is not None and stats.difficulty > TOO_EASY:
        stats.flags.append("too easy")
    if stats.difficulty is not None and stats.difficulty < TOO_HARD:
        stats.flags.append("too hard")
    if stats.discrimination is not None and stats.discrimination < LOW_DISCRIMINATION:
        stats.flags.append("negative discrimination" if stats.discrimination < 0 else "low discrimination")
    stats.flags.extend(_misleading(high, low, right))
    return stats


def _misleading(high: list[Response], low: list[Response], right: set[str]) -> list[str]:
    """A distractor the upper group picks at least as often as the lower group (and at all) misleads the strongest."""
    if not right or not high:
        return []
    def rate(rows, option):
        return sum(option in r.chosen for r in rows) / len(rows) if rows else 0.0
    options = sorted({o for r in high for o in r.chosen} - right)
    return [f"distractor {o} draws the strongest learners" for o in options
            if rate(high, o) > 0 and rate(high, o) >= rate(low, o)]
