"""An attempt's layout is deterministic from its seed, and the browser sees no answer data."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from lms.quizzes.layout import Layout, make_layout, public_question
from lms.quizzes.validate import parse_quiz
from tests.quizzes.sample import parse

SPEC = parse()
ROOT = Path(__file__).resolve().parents[2]


def with_settings(**changes):
    return dataclasses.replace(SPEC, settings=dataclasses.replace(SPEC.settings, **changes))


def test_the_same_seed_gives_the_same_layout_and_it_survives_json():
    spec = with_settings(shuffle_questions=True, draw=3)
    layout = make_layout(spec, seed=42)
    assert make_layout(spec, seed=42) == layout
    assert Layout.from_dict(json.loads(json.dumps(layout.to_dict()))) == layout


def test_without_shuffling_everything_stays_in_file_order():
    layout = make_layout(with_settings(shuffle_options=False), seed=7)
    assert layout.question_ids == SPEC.question_ids
    assert layout.options_for("pick-many") == ("a", "b", "c")
    assert layout.options_for("at-scene", "first") == ("a", "b")
    assert layout.options_for("is-it") is None


def test_shuffle_options_reorders_options_for_some_seeds_but_never_loses_one():
    orders = {make_layout(SPEC, seed=seed).options_for("pick-many") for seed in range(30)}
    assert len(orders) > 1 and all(sorted(order) == ["a", "b", "c"] for order in orders)
    assert all(make_layout(SPEC, seed=seed).question_ids == SPEC.question_ids for seed in range(30))


def test_shuffle_questions_reorders_the_questions():
    spec = with_settings(shuffle_questions=True)
    orders = {make_layout(spec, seed=seed).question_ids for seed in range(30)}
    assert len(orders) > 1 and all(sorted(o) == sorted(SPEC.question_ids) for o in orders)


def test_draw_takes_that_many_distinct_questions_and_reaches_the_whole_pool():
    spec = with_settings(draw=2)
    layouts = [make_layout(spec, seed=seed) for seed in range(40)]
    assert all(len(set(layout.question_ids)) == 2 for layout in layouts)
    assert {qid for layout in layouts for qid in layout.question_ids} == set(SPEC.question_ids)
    # without shuffle_questions a draw keeps file order
    assert all(list(layout.question_ids) == sorted(layout.question_ids, key=SPEC.question_ids.index)
               for layout in layouts)


def test_public_single_question_shows_options_in_layout_order_only():
    layout = Layout(question_ids=("pick-one",), option_orders={"pick-one": ("b", "a")})
    assert public_question(SPEC.question("pick-one"), layout) == {
        "id": "pick-one", "kind": "single", "prompt": "Pick one.",
        "options": [{"id": "b", "text": "Wrong"}, {"id": "a", "text": "Right"}]}


def test_public_true_false_has_only_its_prompt():
    layout = make_layout(SPEC, seed=1)
    assert public_question(SPEC.question("is-it"), layout) == {"id": "is-it", "kind": "true_false", "prompt": "Is it?"}


def test_public_scenario_shows_only_the_current_step():
    scenario, layout = SPEC.question("at-scene"), make_layout(with_settings(shuffle_options=False), seed=1)
    first = public_question(scenario, layout)
    assert first == {"id": "at-scene", "kind": "scenario", "vignette": "At a scene.", "decisions_made": 0,
                     "step": {"id": "first", "prompt": "First?",
                              "options": [{"id": "a", "text": "Good"}, {"id": "b", "text": "Bad"}]}}
    second = public_question(scenario, layout, path=[["first", "a"]])
    assert second["step"]["id"] == "second" and "First?" not in json.dumps(second)
    assert public_question(scenario, layout, path=[["first", "b"]])["step"] is None  # finished


def test_public_scenario_refuses_a_path_that_does_not_follow_the_scenario():
    with pytest.raises(ValueError):
        public_question(SPEC.question("at-scene"), make_layout(SPEC, seed=1), path=[["second", "a"]])


def test_the_shipped_quiz_leaks_no_answer_data_before_answering():
    module = (ROOT / "curriculum/07-secondary-traumatic-stress/module.md").read_text()
    spec = parse_quiz((ROOT / "quizzes/07-secondary-traumatic-stress.yaml").read_text(), "quizzes/07.yaml",
                      expected_module="07-secondary-traumatic-stress",
                      source_keys=set(re.findall(r"- key: (\S+)", module)))
    layout = make_layout(spec, seed=3)
    secrets = [o.feedback for q in spec.questions for o in q.options + tuple(x for s in q.steps for x in s.options)]
    secrets += [q.feedback_true for q in spec.questions if q.feedback_true]
    for question in spec.questions:
        paths = [()] + [[list(pair) for pair in question.best_path[:n]] for n in range(1, len(question.best_path) + 1)]
        for path in paths:
            dumped = json.dumps(public_question(question, layout, path=path))
            for word in ('"correct"', '"points"', '"feedback', '"next"', '"answer"', '"sources"', "best_path"):
                assert word not in dumped
            assert not any(secret in dumped for secret in secrets)
