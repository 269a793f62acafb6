"""Properties of grading over random valid quizzes: bounded scores, perfect best answers, layout-blind grades."""
from __future__ import annotations

import dataclasses
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.quizzes.grading import all_best_answers, grade
from lms.quizzes.layout import make_layout, public_question
from lms.quizzes.spec import QuizSpec
from lms.quizzes.validate import parse_quiz
from tests.quizzes.strategies import JSON_GARBAGE, SOURCES, learner_answers, quiz_specs, random_walk, to_yaml

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = st.integers(0, 2**32)


@FAST
@given(st.data())
def test_scores_stay_between_0_and_100_and_add_up(data):
    spec = data.draw(quiz_specs())
    result = grade(spec, data.draw(learner_answers(spec)))
    assert 0.0 <= result.score <= 100.0
    assert result.possible == sum(q.weight for q in spec.questions)
    assert abs(result.earned - sum(r.fraction * r.weight for r in result.questions)) < 1e-9
    assert all(0.0 <= r.fraction <= 1.0 for r in result.questions)
    assert result.passed == (result.score >= spec.settings.pass_mark)


@FAST
@given(quiz_specs(), SEEDS)
def test_the_best_answers_score_100_on_any_draw(spec, seed):
    layout = make_layout(spec, seed=seed)
    result = grade(spec, all_best_answers(spec), question_ids=layout.question_ids)
    assert result.score == 100.0 and result.passed


@FAST
@given(st.data())
def test_garbage_answers_never_raise(data):
    spec = data.draw(quiz_specs())
    ids = list(spec.question_ids) + ["unknown"]
    answers = data.draw(st.dictionaries(st.sampled_from(ids), JSON_GARBAGE, max_size=len(ids)))
    result = grade(spec, answers)
    assert 0.0 <= result.score <= 100.0
    assert grade(spec, data.draw(JSON_GARBAGE)).possible == result.possible  # not even a mapping


@FAST
@given(st.data(), SEEDS, SEEDS)
def test_question_order_and_layout_seed_never_change_a_grade(data, seed_one, seed_two):
    spec = data.draw(quiz_specs())
    answers = data.draw(learner_answers(spec))
    drawn = make_layout(spec, seed=seed_one).question_ids
    in_file_order = [qid for qid in spec.question_ids if qid in drawn]
    shuffled, ordered = (grade(spec, answers, question_ids=ids) for ids in (drawn, in_file_order))
    assert (shuffled.score, shuffled.passed, shuffled.possible) == (ordered.score, ordered.passed, ordered.possible)
    assert sorted(shuffled.questions, key=lambda r: r.question_id) == list(ordered.questions)
    no_draw = dataclasses.replace(spec, settings=dataclasses.replace(spec.settings, draw=None))
    full = grade(no_draw, answers)
    for seed in (seed_one, seed_two):
        assert grade(no_draw, answers, question_ids=make_layout(no_draw, seed=seed).question_ids).score == full.score


@FAST
@given(st.data(), SEEDS, SEEDS)
def test_a_learner_picking_the_same_texts_gets_the_same_grade_under_any_shuffle(data, seed_one, seed_two):
    spec = data.draw(quiz_specs())
    spec = dataclasses.replace(spec, settings=dataclasses.replace(
        spec.settings, draw=None, shuffle_questions=True, shuffle_options=True))
    intended = {q.id: data.draw(st.sampled_from(q.options)).text for q in spec.questions if q.kind == "single"}

    def answers_through(seed: int) -> dict:
        layout = make_layout(spec, seed=seed)
        shown = {qid: public_question(spec.question(qid), layout) for qid in layout.question_ids}
        return {qid: next(o["id"] for o in shown[qid]["options"] if o["text"] == text)
                for qid, text in intended.items()}

    assert grade(spec, answers_through(seed_one)) == grade(spec, answers_through(seed_two))


@FAST
@given(st.data())
def test_no_path_through_a_scenario_beats_the_best_path(data):
    spec = data.draw(quiz_specs())
    for question in (q for q in spec.questions if q.kind == "scenario"):
        path = random_walk(data.draw, question)
        points = sum(question.step(s).option(o).points for s, o in path)
        assert points <= question.best_points


@FAST
@given(quiz_specs())
def test_every_valid_spec_written_as_yaml_parses_back_to_itself(spec):
    parsed = parse_quiz(to_yaml(spec), "quizzes/01-sample.yaml", expected_module="01-sample",
                        source_keys=set(SOURCES))
    assert parsed == spec


@FAST
@given(quiz_specs())
def test_the_stored_json_form_round_trips(spec):
    assert QuizSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec


ALLOWED_PUBLIC_KEYS = {"id", "kind", "prompt", "vignette", "options", "text", "step", "decisions_made"}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value))
    return set()


@FAST
@given(st.data(), SEEDS)
def test_public_questions_never_carry_answer_data(data, seed):
    spec = data.draw(quiz_specs())
    layout = make_layout(spec, seed=seed)
    for qid in layout.question_ids:
        question = spec.question(qid)
        path = random_walk(data.draw, question) if question.kind == "scenario" else ()
        dumped = json.dumps(public_question(question, layout, path=path))
        assert _keys(json.loads(dumped)) <= ALLOWED_PUBLIC_KEYS
        assert "feedback" not in dumped  # every feedback text in these specs contains the word
