"""The continuing-education post-test rule: enough questions, few true/false, pass mark 80, 3 objectives."""
from __future__ import annotations

import dataclasses

import pytest

from lms.quizzes.ce_rule import check_ce, check_pool, question_count, required_questions, true_false_count
from lms.quizzes.spec import Option, Question, QuizSpec, Settings, Step
from tests.quizzes.sample import parse


def single(qid: str) -> Question:
    return Question(id=qid, kind="single", sources=("s",), prompt="?", options=(
        Option(id="a", text="A", feedback="f", correct=True), Option(id="b", text="B", feedback="f")))


def true_false(qid: str) -> Question:
    return Question(id=qid, kind="true_false", sources=("s",), prompt="?", answer=True, feedback_true="f",
                    feedback_false="f")


def scenario(qid: str, decisions: int) -> Question:
    names = [f"s{i}" for i in range(decisions)]
    steps = tuple(Step(id=name, prompt="?", options=(
        Option(id="a", text="A", feedback="f", points=1, next=names[i + 1] if i + 1 < decisions else None),
        Option(id="b", text="B", feedback="f"))) for i, name in enumerate(names))
    return Question(id=qid, kind="scenario", sources=("s",), vignette="v", steps=steps, start="s0")


def quiz(*questions: Question, pass_mark: int = 80, draw: int | None = None) -> QuizSpec:
    return QuizSpec(module="01-m", title="t", settings=Settings(pass_mark=pass_mark, draw=draw),
                    questions=tuple(questions))


TEN = [single(f"q{i}") for i in range(10)]


@pytest.mark.parametrize("hours, needed", [(0.5, 10), (1, 10), (1.5, 13), (2, 15), (2.5, 18), (3, 20)])
def test_required_questions_are_10_for_the_first_hour_and_5_per_further_hour(hours, needed):
    assert required_questions(hours) == needed


def test_a_module_without_ce_hours_has_no_rule_to_meet():
    assert check_ce(None, ce_hours=0, objectives=0) == []


def test_ten_single_questions_with_pass_mark_80_qualify_for_one_hour():
    assert check_ce(quiz(*TEN), ce_hours=1, objectives=3) == []


def test_half_an_hour_also_needs_ten_questions():
    assert check_ce(quiz(*TEN[:9]), ce_hours=0.5, objectives=3) == [
        "an attempt has 9 questions; 0.5 CE hours need at least 10 (each scenario decision on the best path "
        "counts as one)"]


def test_a_missing_quiz_and_too_few_objectives_are_both_reported():
    assert check_ce(None, ce_hours=1, objectives=2) == [
        "has 2 learning objectives; CE needs at least 3",
        "claims 1 CE hours but has no quiz (a post-test is required)"]


def test_pass_mark_below_80_fails():
    assert check_ce(quiz(*TEN, pass_mark=79), ce_hours=1, objectives=4) == ["pass_mark is 79; CE needs 80 or more"]


def test_scenario_decisions_on_the_best_path_count_as_questions():
    spec = quiz(*TEN[:7], scenario("story", 3))
    assert question_count(spec) == 10 and check_ce(spec, ce_hours=1, objectives=3) == []
    assert question_count(parse()) == 5  # single, multiple, true/false and a two-decision scenario


def test_a_draw_counts_the_smallest_questions_it_could_draw():
    spec = quiz(*TEN, scenario("story", 4), draw=10)
    assert question_count(spec) == 10
    assert "an attempt has 9 questions" in check_ce(dataclasses.replace(
        spec, settings=Settings(pass_mark=80, draw=9)), ce_hours=1, objectives=3)[0]


def test_more_than_ten_percent_true_false_fails():
    assert check_ce(quiz(*TEN[:9], true_false("tf")), ce_hours=1, objectives=3) == []
    assert check_ce(quiz(*TEN, true_false("tf1"), true_false("tf2")), ce_hours=1, objectives=3) == [
        "2 of 12 questions an attempt can get are true/false; CE allows at most 10%"]


def test_the_true_false_share_is_judged_on_the_worst_draw():
    spec = quiz(*TEN, true_false("tf1"), true_false("tf2"), draw=10)
    assert true_false_count(spec) == (2, 10)
    assert "2 of 10 questions" in check_ce(spec, ce_hours=1, objectives=3)[0]


def for_role(question: Question, audience: str) -> Question:
    return dataclasses.replace(question, audience=audience)


def test_a_pool_half_again_as_large_as_the_attempt_lets_a_retake_differ():
    assert check_pool(quiz(*[single(f"q{i}") for i in range(15)], draw=10)) == []


def test_a_pool_smaller_than_one_and_a_half_attempts_is_reported():
    assert check_pool(quiz(*[single(f"q{i}") for i in range(14)], draw=10)) == [
        "the pool has 14 questions for an attempt of 10; a retake needs a pool of at least 15 (1.5 times the "
        "attempt): add questions or lower `draw`"]


def test_without_a_draw_every_attempt_is_the_whole_pool_and_so_the_same_test():
    assert check_pool(quiz(*TEN)) == [
        "the pool has 10 questions for an attempt of 10; a retake needs a pool of at least 15 (1.5 times the "
        "attempt): set `draw` and add questions"]


def test_each_roles_pool_is_checked_against_the_attempt_it_draws():
    shared = [single(f"q{i}") for i in range(13)]
    officer = [for_role(single(f"o{i}"), "officer") for i in range(4)]
    clinician = [for_role(single(f"c{i}"), "clinician") for i in range(2)]
    cps = [for_role(single(f"p{i}"), "cps_worker") for i in range(1)]
    assert check_pool(quiz(*shared, *officer, *clinician, *cps, draw=10)) == [
        "the pool for a cps worker has 14 questions for an attempt of 10; a retake needs a pool of at least 15 "
        "(1.5 times the attempt): add questions or lower `draw`"]
