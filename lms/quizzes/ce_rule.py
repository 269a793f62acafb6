"""The continuing-education post-test rule (docs/authoring.md): does a module's quiz qualify for its CE hours?"""
from __future__ import annotations

import dataclasses
import math

from lms.quizzes.spec import QuizSpec, audience_questions

ROLES = ("officer", "clinician", "cps_worker")

MIN_PASS_MARK = 80
MIN_OBJECTIVES = 3
BASE_QUESTIONS = 10
PER_EXTRA_HOUR = 5
MAX_TRUE_FALSE_SHARE = 0.10


def required_questions(ce_hours: float) -> int:
    """Questions a post-test needs: 10 for the first hour (and for half an hour), 5 per further hour, rounded up."""
    return BASE_QUESTIONS + max(0, math.ceil((ce_hours - 1) * PER_EXTRA_HOUR - 1e-9))


def attempt_questions(spec: QuizSpec) -> int:
    """Questions in the largest attempt any learner gets (the whole pool, or the largest role's pool)."""
    return max(question_count(pool) for _, pool in role_pools(spec))


def question_count(spec: QuizSpec) -> int:
    """Questions one attempt is sure to have: scenario decisions on the best path count, and with a `draw`
    the smallest questions that could be drawn."""
    weights = sorted(q.weight for q in spec.questions)
    draw = spec.settings.draw
    return sum(weights[:draw] if draw else weights)


def true_false_count(spec: QuizSpec) -> tuple[int, int]:
    """(true/false questions, questions) of the attempt with the largest true/false share the draw allows."""
    true_false = sum(1 for q in spec.questions if q.kind == "true_false")
    others = sorted(q.weight for q in spec.questions if q.kind != "true_false")
    draw = spec.settings.draw
    if not draw:
        return true_false, true_false + sum(others)
    drawn_tf = min(true_false, draw)
    return drawn_tf, drawn_tf + sum(others[:draw - drawn_tf])


def check_ce(spec: QuizSpec | None, *, ce_hours: float, objectives: int) -> list[str]:
    """Problems that stop a module claiming `ce_hours` CE hours; empty when it qualifies (or claims none)."""
    if not ce_hours or ce_hours <= 0:
        return []
    problems = []
    if objectives < MIN_OBJECTIVES:
        problems.append(f"has {objectives} learning objectives; CE needs at least {MIN_OBJECTIVES}")
    if spec is None:
        problems.append(f"claims {ce_hours:g} CE hours but has no quiz (a post-test is required)")
        return problems
    if spec.settings.pass_mark < MIN_PASS_MARK:
        problems.append(f"pass_mark is {spec.settings.pass_mark}; CE needs {MIN_PASS_MARK} or more")
    needed = required_questions(ce_hours)
    for label, pool in role_pools(spec):
        counted = question_count(pool)
        if counted < needed:
            problems.append(f"an attempt{label} has {counted} questions; {ce_hours:g} CE hours need at least "
                            f"{needed} (each scenario decision on the best path counts as one)")
        true_false, total = true_false_count(pool)
        if total and true_false > MAX_TRUE_FALSE_SHARE * total + 1e-9:
            problems.append(f"{true_false} of {total} questions an attempt{label} can get are true/false; CE "
                            f"allows at most {MAX_TRUE_FALSE_SHARE:.0%}")
    return problems


def role_pools(spec: QuizSpec) -> list[tuple[str, QuizSpec]]:
    """The whole pool, and, when questions carry role audiences, each role's pool (what its attempts draw)."""
    if all(q.audience == "all" for q in spec.questions):
        return [("", spec)]
    pools = []
    for role in ROLES:
        questions = audience_questions(spec, role)
        draw = min(spec.settings.draw, len(questions)) if spec.settings.draw else None
        article = "an" if role[0] in "aeiou" else "a"
        pools.append((f" for {article} {role.replace('_', ' ')}", dataclasses.replace(
            spec, questions=questions, settings=dataclasses.replace(spec.settings, draw=draw))))
    return pools
