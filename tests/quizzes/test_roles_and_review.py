"""Role audiences choose each learner's pool; each question names its objective and the lessons behind it."""
from __future__ import annotations

import dataclasses

import pytest

from lms.contentfiles import ContentErrors
from lms.quizzes.ce_rule import check_ce
from lms.quizzes.layout import make_layout
from lms.quizzes.spec import Option, Question, QuizSpec, Settings, audience_questions, questions_per_attempt
from lms.quizzes.taking import review_plan
from lms.quizzes.validate import parse_quiz
from tests.quizzes.sample import PATH, edit, errors_of, parse


def single(qid: str, audience: str = "all", objective: int | None = None, lessons=()) -> Question:
    return Question(id=qid, kind="single", sources=("s",), prompt="?", audience=audience, objective=objective,
                    lessons=tuple(lessons), options=(Option(id="a", text="A", feedback="f", correct=True),
                                                     Option(id="b", text="B", feedback="f")))


SPEC = QuizSpec(module="01-sample", title="t", settings=Settings(pass_mark=80), questions=(
    single("everyone"), single("for-officers", "officer"), single("for-clinicians", "clinician"),
    single("for-cps", "cps_worker")))


def test_each_role_draws_from_the_questions_for_everyone_and_for_that_role():
    assert [q.id for q in audience_questions(SPEC, "officer")] == ["everyone", "for-officers"]
    assert [q.id for q in audience_questions(SPEC, "cps_worker")] == ["everyone", "for-cps"]
    assert audience_questions(SPEC, "other") == SPEC.questions and audience_questions(SPEC, None) == SPEC.questions


def test_an_attempt_laid_out_for_a_clinician_never_holds_another_roles_question():
    for seed in range(20):
        assert set(make_layout(SPEC, seed=seed, audience="clinician").question_ids) == {"everyone", "for-clinicians"}
    drawn = dataclasses.replace(SPEC, settings=Settings(pass_mark=80, draw=3))
    assert len(make_layout(drawn, seed=1, audience="officer").question_ids) == 2
    assert questions_per_attempt(drawn, "officer") == 2 and questions_per_attempt(drawn, "other") == 3


def test_the_ce_rule_counts_each_roles_attempt():
    many = QuizSpec(module="m", title="t", settings=Settings(pass_mark=80), questions=tuple(
        [single(f"all-{i}") for i in range(9)] + [single("officer-only", "officer")]))
    problems = check_ce(many, ce_hours=1, objectives=4)
    assert "an attempt for a clinician has 9 questions; 1 CE hours need at least 10 (each scenario decision " \
           "on the best path counts as one)" in problems
    assert not any("for an officer" in p for p in problems)
    assert check_ce(dataclasses.replace(many, questions=many.questions + (single("all-9"),)),
                    ce_hours=1, objectives=4) == []


def test_a_questions_objective_brings_the_lessons_that_teach_it():
    text = edit("  - id: pick-one\n", "  - id: pick-one\n    objective: 2\n")
    spec = parse_quiz(text, PATH, expected_module="01-sample", source_keys={"src-one", "src-two"},
                      objective_lessons={1: ("intro",), 2: ("toxic-stress", "refer")})
    question = spec.question("pick-one")
    assert question.objective == 2 and question.lessons == ("toxic-stress", "refer")
    assert QuizSpec.from_dict(spec.to_dict()) == spec


def test_an_objective_the_module_does_not_have_is_refused_with_its_line():
    text = edit("  - id: pick-one\n", "  - id: pick-one\n    objective: 7\n")
    line = text.splitlines().index("    objective: 7") + 1
    with pytest.raises(ContentErrors) as caught:
        parse_quiz(text, PATH, expected_module="01-sample", source_keys={"src-one", "src-two"},
                   objective_lessons={1: ("intro",), 2: ()})
    assert [str(e) for e in caught.value.errors] == [
        f"{PATH}:{line}: question 'pick-one': 'objective' must be the number of one of the module's 2 objectives "
        "(1 to 2)"]
    assert errors_of(edit("  - id: pick-one\n", "  - id: pick-one\n    objective: 0\n")) == [
        f"{PATH}:{line}: question 'pick-one': 'objective' must be a whole number from 1"]
    assert parse(text).question("pick-one").objective == 7


def test_a_failed_attempt_points_back_to_the_lessons_behind_each_missed_objective():
    spec = QuizSpec(module="m", title="t", settings=Settings(pass_mark=80), questions=(
        single("q1", objective=2, lessons=["stress"]), single("q2", objective=1, lessons=["how-often"]),
        single("q3", objective=2, lessons=["stress"]), single("q4")))
    graded = [{"question_id": "q1", "fraction": 0.0}, {"question_id": "q2", "fraction": 1.0},
              {"question_id": "q3", "fraction": 0.5}, {"question_id": "q4", "fraction": 0.0}]
    plan = review_plan(spec, graded, ["Describe how often.", "Explain toxic stress."], {"stress": "Toxic stress"})
    assert [(i.number, i.objective, i.missed, i.lessons) for i in plan] == [
        (2, "Explain toxic stress.", 2, (("stress", "Toxic stress"),))]
