"""A broken quiz file is refused with every problem as `file:line: message`, one test per rule."""
from __future__ import annotations

import pytest

from lms.quizzes import validate
from tests.quizzes.sample import GOOD, PATH, edit, errors_of, parse


def at(line: int, message: str) -> str:
    return f"{PATH}:{line}: {message}"


def test_the_sample_quiz_parses_with_option_ids_in_file_order():
    spec = parse()
    assert spec.module == "01-sample" and spec.title == "Sample check"
    assert spec.settings.pass_mark == 80 and spec.settings.attempts == 3 and spec.settings.shuffle_options
    assert spec.settings.feedback is None and spec.settings.draw is None
    assert [o.id for o in spec.question("pick-many").options] == ["a", "b", "c"]
    scenario = spec.question("at-scene")
    assert scenario.start == "first" and [s.id for s in scenario.steps] == ["first", "second"]
    assert scenario.step("first").option("a").next == "second"
    assert scenario.step("first").option("b").next is None  # `next: end`
    assert scenario.weight == 2 and scenario.best_points == 3
    assert spec.question("is-it").answer is False
    assert spec.cited_sources == {"src-one", "src-two"}


def test_start_defaults_to_the_first_step_and_attempts_to_unlimited():
    spec = parse(edit("    start: first\n", "", edit("  attempts: 3\n", "")))
    assert spec.question("at-scene").start == "first" and spec.settings.attempts is None


def test_unknown_top_level_key_is_reported_with_the_allowed_keys():
    assert errors_of(edit("title: Sample check\n", "title: Sample check\ntitel: typo\n")) == [
        at(3, "quiz: unknown key 'titel' (allowed: module, questions, settings, title)")]


def test_unknown_option_key_and_the_missing_key_it_hides_are_both_reported():
    found = errors_of(edit("        correct: true\n        feedback: Because.", "        correct: true\n        feedbak: x"))
    assert found == [at(13, "question 'pick-one' option 1: missing required key 'feedback'"),
                     at(15, "question 'pick-one' option 1: unknown key 'feedbak' (allowed: correct, feedback, text)")]


def test_missing_prompt_is_reported_at_the_question():
    assert errors_of(edit("    prompt: Pick one.\n", "")) == [
        at(8, "question 'pick-one': missing required key 'prompt'")]


@pytest.mark.parametrize("value", ["eighty", "120", "0", "79.5"])
def test_pass_mark_must_be_a_whole_percentage(value):
    assert errors_of(edit("pass_mark: 80", f"pass_mark: {value}")) == [
        at(4, "settings: 'pass_mark' must be a whole number from 1 to 100")]


def test_missing_settings_is_a_missing_required_key():
    text = edit("settings:\n  pass_mark: 80\n  attempts: 3\n  shuffle_options: true\n", "")
    assert errors_of(text) == [at(1, "quiz: missing required key 'settings'")]


def test_module_must_match_the_module_folder():
    assert errors_of(edit("module: 01-sample", "module: 02-other")) == [
        at(1, "quiz: 'module' is '02-other' but this file belongs to module folder '01-sample'")]


def test_a_quiz_with_no_module_is_refused():
    assert errors_of(edit("module: 01-sample\n", "")) == [at(1, "quiz: missing required key 'module'")]


def test_duplicate_question_ids_name_the_first_line():
    assert errors_of(edit("  - id: pick-many", "  - id: pick-one")) == [
        at(18, "question id 'pick-one' is used twice (first on line 8)")]


def test_duplicate_step_names_are_refused_by_the_yaml_reader():
    assert errors_of(edit("      second:", "      first:")) == [at(50, "invalid YAML: duplicate key 'first'")]


def test_single_question_with_no_correct_option():
    assert errors_of(edit("        correct: true\n", "")) == [
        at(12, "question 'pick-one': a single question needs exactly one correct option (found 0)")]


def test_single_question_with_two_correct_options():
    text = edit("      - text: Wrong\n", "      - text: Wrong\n        correct: true\n")
    assert errors_of(text) == [
        at(12, "question 'pick-one': a single question needs exactly one correct option (found 2)")]


def test_multiple_question_with_no_correct_option():
    text = edit("{text: B, correct: true,", "{text: B,", edit("{text: A, correct: true,", "{text: A,"))
    assert errors_of(text) == [at(22, "question 'pick-many': a multiple question needs at least one correct option")]


def test_next_naming_a_missing_step_also_leaves_the_step_unreachable():
    assert errors_of(edit("next: second", "next: secnd")) == [
        at(45, "question 'at-scene' step 'first' option 1: 'next: secnd' names no step of this scenario "
               "(steps: first, second, or 'end')"),
        at(50, "question 'at-scene' step 'second': cannot be reached from the start step 'first'")]


def test_a_step_that_cannot_be_reached_from_start():
    assert errors_of(edit("next: second", "next: end")) == [
        at(50, "question 'at-scene' step 'second': cannot be reached from the start step 'first'")]


def test_a_start_that_skips_the_first_step_leaves_it_unreachable():
    assert errors_of(edit("start: first", "start: second")) == [
        at(39, "question 'at-scene' step 'first': cannot be reached from the start step 'second'")]


def test_a_loop_between_steps_is_reported_with_its_path():
    text = edit("{text: Good, points: 1, feedback: Fine.}", "{text: Good, points: 1, feedback: Fine., next: first}")
    assert errors_of(text) == [
        at(53, "question 'at-scene' step 'second' option 1: 'next: first' makes a loop (first -> second -> first)")]


def test_a_step_that_leads_to_itself_is_a_loop():
    text = edit("            next: end\n", "            next: first\n")
    assert errors_of(text) == [
        at(49, "question 'at-scene' step 'first' option 2: 'next: first' makes a loop (first -> first)")]


def test_a_scenario_whose_best_path_scores_zero():
    text = edit("points: 2", "points: 0", edit("{text: Good, points: 1,", "{text: Good, points: 0,"))
    assert errors_of(text) == [at(38, "question 'at-scene': the best path scores 0 points; give the best choices points")]


def test_a_pass_that_the_best_answers_cannot_reach_is_refused(monkeypatch):
    real_grade = validate.grade
    monkeypatch.setattr(validate, "grade", lambda spec, answers: real_grade(spec, {}))  # as if scoring changed
    assert errors_of(GOOD) == [at(4, "settings: a pass is impossible: the best achievable score is 0.0%")]


def test_draw_larger_than_the_pool():
    assert errors_of(edit("  attempts: 3\n", "  attempts: 3\n  draw: 5\n")) == [
        at(6, "settings: 'draw' is 5 but the pool has only 4 questions")]


def test_unknown_source_key_lists_the_module_sources():
    assert errors_of(edit("sources: [src-one]\n    options", "sources: [src-one, nope]\n    options")) == [
        at(11, "question 'pick-one': unknown source key 'nope' (module.md sources: src-one, src-two)")]


def test_a_question_without_sources():
    assert errors_of(edit("    sources: [src-two]\n", "")) == [at(33, "question 'at-scene': missing required key 'sources'")]


def test_an_option_without_feedback():
    assert errors_of(edit("        feedback: Because not.\n", "")) == [
        at(16, "question 'pick-one' option 2: missing required key 'feedback'")]


def test_a_question_with_one_option():
    assert errors_of(edit("      - text: Wrong\n        feedback: Because not.\n", "")) == [
        at(12, "question 'pick-one': 'options' must be a list of 2 to 26 options")]


def test_a_scenario_step_with_one_option():
    assert errors_of(edit("          - {text: Bad, points: 0, feedback: Not fine.}\n", "")) == [
        at(52, "question 'at-scene' step 'second': 'options' must be a list of 2 to 26 options")]


def test_true_false_without_answer():
    assert errors_of(edit("    answer: false\n", "")) == [at(26, "question 'is-it': missing required key 'answer'")]


def test_true_false_answer_must_be_a_boolean():
    assert errors_of(edit("answer: false", "answer: nope")) == [at(29, "question 'is-it': 'answer' must be true or false")]


def test_points_outside_a_scenario():
    assert errors_of(edit("{text: C, feedback", "{text: C, points: 1, feedback")) == [
        at(25, "question 'pick-many' option 3: 'points' is only for scenario options; use 'correct: true'")]


def test_correct_inside_a_scenario():
    assert errors_of(edit("{text: Bad, points: 0, feedback: Not fine.}", "{text: Bad, correct: true, feedback: x}")) == [
        at(54, "question 'at-scene' step 'second' option 2: 'correct' is not used in scenarios; score with 'points'"),
        at(54, "question 'at-scene' step 'second' option 2: missing required key 'points'")]


def test_scenario_points_must_be_whole_and_not_negative():
    assert errors_of(edit("points: 2", "points: -1")) == [
        at(43, "question 'at-scene' step 'first' option 1: 'points' must be a whole number from 0 to 1000")]


def test_unknown_kind():
    assert errors_of(edit("kind: single", "kind: essay")) == [
        at(9, "question 'pick-one': 'kind' must be one of single, multiple, true_false, scenario")]


def test_a_scenario_uses_vignette_not_prompt():
    found = errors_of(edit("vignette: At a scene.", "prompt: At a scene."))
    assert found == [at(33, "question 'at-scene': missing required key 'vignette'"),
                     at(35, "question 'at-scene': unknown key 'prompt' (allowed: audience, id, kind, objective, sources, start, "
                            "steps, vignette)")]


def test_unknown_audience_and_bad_question_id():
    text = edit("  - id: pick-one\n", "  - id: Pick One\n    audience: sheriff\n")
    assert errors_of(text) == [
        at(8, "question 1: 'id' must be lowercase letters, digits and hyphens"),
        at(9, "question 'Pick One': 'audience' must be one of all, officer, clinician, cps_worker")]


def test_attempts_and_feedback_settings_are_checked():
    text = edit("  attempts: 3\n", "  attempts: lots\n  feedback: later\n")
    assert errors_of(text) == [at(5, "settings: 'attempts' must be 'unlimited' or a whole number from 1 to 100"),
                               at(6, "settings: 'feedback' must be one of immediate, on_submit")]


def test_start_must_name_a_step():
    assert errors_of(edit("start: first", "start: nowhere")) == [
        at(37, "question 'at-scene': 'start' names no step of this scenario")]


def test_a_step_may_not_be_called_end():
    found = errors_of(edit("      second:", "      end:", edit("next: second", "next: end")))
    assert at(50, "question 'at-scene' step 'end': step names are lowercase letters, digits and hyphens, "
                  "and not 'end'") in found


def test_broken_yaml_syntax_gives_its_line():
    assert errors_of(edit("title: Sample check", "title: [unclosed")) == [
        at(3, "invalid YAML: expected ',' or ']', but got ':'")]


@pytest.mark.parametrize("text", ["", "- just\n- a list\n"])
def test_a_file_that_is_not_a_mapping(text):
    assert errors_of(text) == [at(1, "a quiz file must be a mapping with module, title, settings, questions")]


def test_an_empty_question_list():
    text = GOOD[:GOOD.index("questions:")] + "questions: []\n"
    assert errors_of(text) == [at(7, "quiz: 'questions' must be a list of 1 to 500 questions")]


def test_every_problem_in_a_file_is_reported_at_once_in_line_order():
    text = edit("pass_mark: 80", "pass_mark: high")
    text = edit("        correct: true\n", "", text)
    text = edit("next: second", "next: elsewhere", text)
    text = edit("feedback_false: Yes.", "feedback_false: ''", text)
    found = errors_of(text)  # one line fewer after line 14
    assert [line.split(":")[1] for line in found] == ["4", "12", "31", "44", "49"]
