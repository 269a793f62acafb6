"""Item analysis over 1,000 and 20,000 submitted attempts on SQLite: the queries it makes and the time it takes.
Prints item_analysis_queries, item_analysis_ms_1000, item_analysis_ms_20000. Usage: python bench/item_analysis.py"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CONTENT = ROOT / "tests" / "fixtures" / "content"


def _seed(db, version_id: int, quiz, spec, center_id: int, attempts: int) -> None:
    from sqlalchemy import insert

    from lms.auth.models import User
    from lms.centers.models import Membership
    from lms.quizzes.grading import grade
    from lms.quizzes.models import QuizAttempt

    users = 100
    db.session.execute(insert(User), [dict(email=f"b{n}@bench.test", full_name=f"B {n}", password_hash="x",
                                           discipline="officer") for n in range(users)])
    ids = [row[0] for row in db.session.execute(User.__table__.select().with_only_columns(User.id))]
    db.session.execute(insert(Membership), [dict(user_id=i, center_id=center_id, role="learner") for i in ids])
    rng = random.Random(7)
    rows = []
    for n in range(attempts):
        answers = {}
        for q in spec.questions:
            if q.kind == "single":
                answers[q.id] = rng.choice([o.id for o in q.options])
            elif q.kind == "multiple":
                answers[q.id] = [o.id for o in q.options if rng.random() < .5]
            elif q.kind == "true_false":
                answers[q.id] = rng.random() < .5
        result = grade(spec, answers)
        from dataclasses import asdict
        rows.append(dict(user_id=ids[n % users], quiz_version_id=quiz.id, number=n // users + 1, layout={},
                         submitted_at=time_now(), score=result.score, passed=result.passed, result=asdict(result)))
    db.session.execute(insert(QuizAttempt), rows)
    db.session.commit()


def time_now():
    from lms.timeutil import utcnow

    return utcnow()


def measure(attempts: int) -> tuple[int, float]:
    """(queries, milliseconds) of one item analysis over `attempts` attempts."""
    from sqlalchemy import event, select

    from lms import create_app
    from lms.authoring.item_analysis import from_sums
    from lms.authoring.item_analysis_sql import item_sums
    from lms.centers.service import create_center
    from lms.curriculum.models import Module
    from lms.extensions import db
    from lms.publishing import import_content
    from lms.quizzes.selectors import quiz_for, spec_for

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "SECRET_KEY": "bench-" * 8,
                          "QUEUE_URL": "immediate", "BASE_URL": "http://lms.test"})
        with app.app_context():
            db.create_all()
            center = create_center(name="Bench Center", region="Bench")
            import_content(CONTENT / "curriculum", CONTENT / "quizzes")
            module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
            quiz = quiz_for(module.current_version_id)
            spec = spec_for(quiz)
            _seed(db, module.current_version_id, quiz, spec, center.id, attempts)
            db.session.expire_all()
            count = [0]
            listener = lambda *args: count.__setitem__(0, count[0] + 1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            started = time.perf_counter()
            questions, options, _ = item_sums(quiz.id, center.id)
            from_sums(questions, options, {q.id: set(q.correct_ids) for q in spec.questions if q.kind != "scenario"})
            elapsed = (time.perf_counter() - started) * 1000
            event.remove(db.engine, "before_cursor_execute", listener)
            db.session.remove()
            db.engine.dispose()
    return count[0], elapsed


def main() -> None:
    """Print the figures."""
    queries, small = measure(1000)
    _, large = measure(20000)
    print(f"item_analysis_queries: {queries}")
    print(f"item_analysis_ms_1000: {small:.0f}")
    print(f"item_analysis_ms_20000: {large:.0f}")


if __name__ == "__main__":
    main()
