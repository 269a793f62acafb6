"""The database's sums (one statement, window functions and GROUP BY over the stored results) equal the pure
sums over the same attempts, on SQLite and PostgreSQL, for every kind of question."""
import random

import pytest
from sqlalchemy import select

from lms.authoring.item_analysis import Response, aggregate, analyse, from_sums
from lms.authoring.item_analysis_sql import item_sums
from lms.centers.service import create_center
from lms.curriculum.models import Module
from lms.quizzes.models import QuizAttempt
from lms.quizzes.selectors import quiz_for, spec_for
from tests.authoring.test_item_analysis_page import take


def _chosen(kind, value):
    if value is None:
        return ()
    if kind == "true_false":
        return ("true" if value else "false",)
    if kind == "scenario":
        return tuple(f"{a}:{b}" for a, b in value)
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def rows_of(db, quiz_id):
    """The pure side's input, read with the ORM (not the SQL under test)."""
    out = []
    for attempt in db.session.scalars(select(QuizAttempt).where(QuizAttempt.quiz_version_id == quiz_id,
                                                                QuizAttempt.submitted_at.is_not(None))):
        for q in attempt.result["questions"]:
            out.append(Response(attempt.id, attempt.score or 0.0, q["question_id"], float(q["fraction"] or 0),
                                _chosen(q["kind"], q.get("chosen"))))
    return out


@pytest.fixture
def app_overrides():
    """The sample content (with its quiz module) as the app's content folder."""
    return {}


@pytest.mark.pg
def test_the_database_sums_equal_the_pure_sums(app, db, make_user, center, content):
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    quiz = quiz_for(module.current_version_id)
    rng = random.Random(3)
    for _ in range(12):
        take(db, make_user("learner"), {
            "pick-one": rng.choice(["a", "b", "c"]), "pick-many": rng.sample(["a", "b", "c"], rng.randint(0, 3)),
            "calm-child": rng.random() < .5,
            **({"stabbing": [["first", "b"], ["question", rng.choice(["a", "b"])]]} if rng.random() < .7 else {})})
    take(db, make_user("learner", center_obj=create_center(name="Elsewhere", region="X")), {"pick-one": "b"})
    questions, options, attempts = item_sums(quiz.id, center.id)
    mine = [r for r in rows_of(db, quiz.id) if r.attempt_id in _center_attempts(db, center.id)]
    expected_q, expected_o = aggregate(mine)
    assert attempts == 12
    assert _same(questions, expected_q)
    assert sorted(options, key=_key) == sorted(expected_o, key=_key)
    correct = {q.id: set(q.correct_ids) for q in spec_for(quiz).questions if q.kind != "scenario"}
    by_sql = {i.question_id: i for i in from_sums(questions, options, correct)}
    for item in analyse(mine, correct):
        got = by_sql[item.question_id]
        assert (got.responses, got.difficulty, got.discrimination, got.choices, got.flags) == \
            (item.responses, item.difficulty, item.discrimination, item.choices, item.flags)
        assert got.point_biserial == pytest.approx(item.point_biserial)


def _key(o):
    return (o.question_id, o.option)


def _same(got, expected):
    by_id = {q.question_id: q for q in got}
    for q in expected:
        g = by_id[q.question_id]
        assert (g.n, g.full, g.upper, g.upper_full, g.lower, g.lower_full) == \
            (q.n, q.full, q.upper, q.upper_full, q.lower, q.lower_full)
        assert (g.total, g.total_sq, g.total_full) == pytest.approx((q.total, q.total_sq, q.total_full))
    return len(got) == len(expected)


def _center_attempts(db, center_id):
    from lms.centers.models import Membership

    users = set(db.session.scalars(select(Membership.user_id).where(Membership.center_id == center_id)))
    return set(db.session.scalars(select(QuizAttempt.id).where(QuizAttempt.user_id.in_(users))))
