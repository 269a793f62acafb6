"""The spec's JSON form, best paths and per-kind defaults; the shipped quiz files parse."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lms.quizzes.ce_rule import check_ce
from lms.quizzes.spec import Option, Question, QuizSpec, Step, feedback_mode, loop_edges, reachable_steps
from lms.quizzes.validate import parse_quiz
from tests.quizzes.sample import parse

ROOT = Path(__file__).resolve().parents[2]


def test_the_spec_round_trips_through_json():
    spec = parse()
    stored = json.loads(json.dumps(spec.to_dict()))
    assert stored["format"] == 1 and QuizSpec.from_dict(stored) == spec


def test_an_unknown_stored_format_is_refused():
    with pytest.raises(ValueError):
        QuizSpec.from_dict({**parse().to_dict(), "format": 99})


def test_feedback_is_immediate_for_scenarios_and_on_submit_otherwise_unless_set():
    spec = parse()
    assert feedback_mode(spec.settings, spec.question("at-scene")) == "immediate"
    assert feedback_mode(spec.settings, spec.question("pick-one")) == "on_submit"
    immediate = spec.settings.__class__(pass_mark=80, feedback="immediate")
    assert feedback_mode(immediate, spec.question("pick-one")) == "immediate"


def _option(oid: str, points: int, target: str | None = None) -> Option:
    return Option(id=oid, text=oid, feedback="f", points=points, next=target)


def test_the_best_path_prefers_points_then_fewer_decisions_then_file_order():
    steps = (Step(id="one", prompt="?", options=(_option("a", 1, "two"), _option("b", 2), _option("c", 2))),
             Step(id="two", prompt="?", options=(_option("a", 1), _option("b", 0))))
    question = Question(id="q", kind="scenario", sources=(), vignette="v", steps=steps, start="one")
    assert question.best_path == (("one", "b"),) and question.weight == 1 and question.best_points == 2


def test_graph_helpers_find_loops_and_reachable_steps():
    steps = (Step(id="one", prompt="?", options=(_option("a", 1, "two"), _option("b", 0))),
             Step(id="two", prompt="?", options=(_option("a", 1, "one"), _option("b", 0))),
             Step(id="three", prompt="?", options=(_option("a", 1), _option("b", 0))))
    assert loop_edges(steps) == [("two", "a", ("one", "two", "one"))]
    assert reachable_steps(steps, "one") == {"one", "two"}
    looping = Question(id="q", kind="scenario", sources=(), vignette="v", steps=steps, start="one")
    assert looping.best_points == 2  # a loop ends the walk instead of recursing forever


@pytest.mark.parametrize("quiz_file", sorted((ROOT / "quizzes").glob("*.yaml")), ids=lambda p: p.stem)
def test_each_shipped_quiz_parses_and_meets_the_ce_rule(quiz_file):
    module = (ROOT / "curriculum" / quiz_file.stem / "module.md").read_text()
    spec = parse_quiz(quiz_file.read_text(), f"quizzes/{quiz_file.name}", expected_module=quiz_file.stem,
                      source_keys=set(re.findall(r"^\s+- key: (\S+)", module, re.M)))
    hours = re.search(r"^ce_hours: ([\d.]+)", module, re.M)
    objectives = len(re.findall(r"^  - ", module.split("objectives:")[1].split("sources:")[0], re.M))
    assert check_ce(spec, ce_hours=float(hours.group(1)) if hours else 0, objectives=objectives) == []
