"""Grading follows the kinds-and-scoring table; learner data never makes it raise."""
from __future__ import annotations

import dataclasses

import pytest

from lms.quizzes.grading import (
    ChoiceFeedback,
    StepOutcome,
    StepRefused,
    all_best_answers,
    best_answers,
    grade,
    grade_question,
    scenario_step,
)
from tests.quizzes.sample import parse

SPEC = parse()
BEST = all_best_answers(SPEC)


def with_pass_mark(mark: int):
    return dataclasses.replace(SPEC, settings=dataclasses.replace(SPEC.settings, pass_mark=mark))


def test_best_answers_have_the_answer_shapes():
    assert BEST == {"pick-one": "a", "pick-many": ["a", "b"], "is-it": False,
                    "at-scene": [["first", "a"], ["second", "a"]]}
    assert best_answers(SPEC, SPEC.question("is-it")) is False


def test_best_answers_score_100_and_pass():
    result = grade(SPEC, BEST)
    assert (result.score, result.passed, result.earned, result.possible) == (100.0, True, 5.0, 5)
    assert all(r.answered and r.fraction == 1.0 for r in result.questions)


def test_no_answers_score_zero_and_count_as_unanswered():
    result = grade(SPEC, {})
    assert (result.score, result.passed, result.possible) == (0.0, False, 5)
    assert not any(r.answered for r in result.questions)


def test_a_scenario_weighs_as_many_as_the_decisions_on_its_best_path():
    result = grade(SPEC, {"at-scene": BEST["at-scene"]})
    assert [r.weight for r in result.questions] == [1, 1, 1, 2]
    assert result.score == 40.0


def test_exactly_the_pass_mark_passes():
    result = grade(SPEC, {**BEST, "pick-one": "b"})
    assert result.score == 80.0 and result.passed
    assert not grade(with_pass_mark(81), {**BEST, "pick-one": "b"}).passed


def test_the_pass_decision_matches_the_rounded_score_shown():
    # 2/3 of the scenario on top of two right answers: 3.333/5 = 66.67 -> shown as 66.7
    answers = {"pick-one": "a", "is-it": False, "at-scene": [["first", "a"], ["second", "b"]]}
    assert grade(with_pass_mark(67), answers).score == 66.7
    assert not grade(with_pass_mark(67), answers).passed


@pytest.mark.parametrize("picks, fraction", [
    (["a", "b"], 1.0), (["a"], 0.5), (["a", "b", "c"], 0.5), (["a", "c"], 0.0), (["c"], 0.0), (["b", "b"], 0.5)])
def test_multiple_scores_right_minus_wrong_over_correct_never_below_zero(picks, fraction):
    assert grade_question(SPEC.question("pick-many"), picks).fraction == fraction


@pytest.mark.parametrize("path, fraction", [
    ([["first", "a"], ["second", "a"]], 1.0),
    ([["first", "a"], ["second", "b"]], 2 / 3),
    ([["first", "a"]], 2 / 3),  # stopped part way (time ran out): the points earned so far count
    ([["first", "b"]], 0.0)])
def test_a_scenario_scores_points_on_the_path_over_the_best_path(path, fraction):
    result = grade_question(SPEC.question("at-scene"), path)
    assert result.fraction == pytest.approx(fraction) and result.answered


def test_single_result_carries_the_chosen_feedback_and_the_correct_id():
    result = grade_question(SPEC.question("pick-one"), "b")
    assert (result.fraction, result.chosen, result.correct_ids) == (0.0, "b", ("a",))
    assert result.feedback == (ChoiceFeedback(option_id="b", text="Wrong", feedback="Because not.", correct=False),)


def test_true_false_feedback_follows_the_learners_choice():
    result = grade_question(SPEC.question("is-it"), True)
    assert (result.fraction, result.correct_ids) == (0.0, ("false",))
    assert result.feedback == (ChoiceFeedback(option_id="true", text="True", feedback="No.", correct=False),)


def test_scenario_result_gives_each_step_feedback_and_the_best_path():
    result = grade_question(SPEC.question("at-scene"), [["first", "a"], ["second", "b"]])
    assert [(f.step_id, f.option_id, f.points, f.feedback) for f in result.feedback] == [
        ("first", "a", 2, "Good one."), ("second", "b", 0, "Not fine.")]
    assert result.best_path == (("first", "a"), ("second", "a"))
    assert result.chosen == (("first", "a"), ("second", "b"))


@pytest.mark.parametrize("qid, answer", [
    ("pick-one", "z"), ("pick-one", ["a"]), ("pick-one", 1), ("pick-one", None),
    ("pick-many", "a"), ("pick-many", ["a", "z"]), ("pick-many", [["a"]]), ("pick-many", []),
    ("is-it", "false"), ("is-it", 0), ("is-it", None),
    ("at-scene", [["second", "a"]]),  # does not start at the start step
    ("at-scene", [["first", "b"], ["second", "a"]]),  # `next` of first/b is the end
    ("at-scene", [["first", "a"], ["first", "a"]]), ("at-scene", [["first"]]), ("at-scene", "first"),
    ("at-scene", [["first", 1]]), ("at-scene", []), ("at-scene", {"first": "a"})])
def test_invalid_answers_score_zero_without_raising(qid, answer):
    result = grade_question(SPEC.question(qid), answer)
    assert result.fraction == 0.0 and not result.answered and result.feedback == ()


def test_answers_that_are_not_a_mapping_score_zero():
    assert grade(SPEC, ["a"]).score == 0.0  # type: ignore[arg-type]


def test_only_the_questions_the_attempt_was_given_count():
    result = grade(SPEC, BEST, question_ids=["at-scene", "pick-one"])
    assert [r.question_id for r in result.questions] == ["at-scene", "pick-one"]
    assert (result.score, result.possible) == (100.0, 3)


@pytest.mark.parametrize("ids", [["nope"], ["pick-one", "pick-one"]])
def test_question_ids_that_do_not_match_the_quiz_are_a_programming_error(ids):
    with pytest.raises(ValueError):
        grade(SPEC, BEST, question_ids=ids)


def test_scenario_step_accepts_the_current_step_and_names_the_next():
    scenario = SPEC.question("at-scene")
    assert scenario_step(scenario, [], "first", "a") == StepOutcome(
        step_id="first", option_id="a", feedback="Good one.", points=2, next_step="second")
    assert scenario_step(scenario, [["first", "a"]], "second", "b").next_step is None


@pytest.mark.parametrize("path, step, option, reason", [
    ([], "second", "a", "'second' is not the current step ('first')"),
    ([["first", "a"]], "first", "a", "'first' is not the current step ('second')"),
    ([["first", "b"]], "second", "a", "the scenario is already finished"),
    ([], "first", "z", "step 'first' has no option 'z'"),
    ([["second", "a"]], "second", "a", "the path so far does not follow the scenario")])
def test_scenario_step_refuses_anything_but_the_current_step(path, step, option, reason):
    assert scenario_step(SPEC.question("at-scene"), path, step, option) == StepRefused(reason)


def test_scenario_step_refuses_other_kinds():
    assert scenario_step(SPEC.question("pick-one"), [], "first", "a") == StepRefused("not a scenario question")
