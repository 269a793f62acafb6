"""Item analysis over 1,000 and 20,000 submitted attempts (100 learners, retakes included) on SQLite, and over
20,000 on PostgreSQL: the statements it runs and the time it takes (median of three runs, after one warm-up).
Prints item_analysis_queries, item_analysis_ms_1000, item_analysis_ms_20000, item_analysis_ms_20000_postgres.
Usage: python bench/item_analysis.py [--only sqlite|postgres]"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CONTENT = ROOT / "tests" / "fixtures" / "content"
RUNS = 3


def _answers(rng: random.Random, spec) -> dict:
    answers = {}
    for q in spec.questions:
        if q.kind == "single":
            answers[q.id] = rng.choice([o.id for o in q.options])
        elif q.kind == "multiple":
            answers[q.id] = [o.id for o in q.options if rng.random() < .5]
        elif q.kind == "true_false":
            answers[q.id] = rng.random() < .5
        elif rng.random() < .8:  # a scenario: some paths along the best one, others not started
            answers[q.id] = [list(pair) for pair in q.best_path[:rng.randint(1, len(q.best_path))]]
    return answers


def _seed(db, quiz_id: int, spec, center_id: int, attempts: int) -> None:
    """The attempts and their item-response rows, as submission writes them (in bulk)."""
    from sqlalchemy import insert, select

    from lms.auth.models import User
    from lms.centers.models import Membership
    from lms.quizzes.grading import grade
    from lms.quizzes.item_models import QuizItemResponse
    from lms.quizzes.item_rows import response_rows
    from lms.quizzes.models import QuizAttempt
    from lms.timeutil import utcnow

    users = 100
    db.session.execute(insert(User), [dict(email=f"b{n}@bench.test", full_name=f"B {n}", password_hash="x",
                                           discipline="officer") for n in range(users)])
    ids = list(db.session.scalars(select(User.id).order_by(User.id)))
    db.session.execute(insert(Membership), [dict(user_id=i, center_id=center_id, role="learner") for i in ids])
    rng = random.Random(7)
    results = [asdict(grade(spec, _answers(rng, spec))) for _ in range(attempts)]
    for start in range(0, attempts, 5000):
        rows = [dict(user_id=ids[n % users], quiz_version_id=quiz_id, number=n // users + 1, layout={},
                     submitted_at=utcnow(), score=results[n]["score"], passed=results[n]["passed"],
                     result=results[n]) for n in range(start, min(attempts, start + 5000))]
        attempt_ids = db.session.execute(insert(QuizAttempt).returning(QuizAttempt.id, sort_by_parameter_order=True),
                                         rows).scalars().all()
        db.session.execute(insert(QuizItemResponse), [
            row for attempt_id, n in zip(attempt_ids, range(start, start + len(rows)), strict=True)
            for row in response_rows(attempt_id=attempt_id, quiz_version_id=quiz_id, user_id=ids[n % users],
                                     score=results[n]["score"], result=results[n])])
    db.session.commit()


def measure(attempts: int, url: str | None = None) -> tuple[int, float]:
    """(statements, median milliseconds) of one item analysis over `attempts` attempts."""
    from sqlalchemy import event, select, text

    from lms import create_app
    from lms.authoring.item_analysis import from_sums
    from lms.authoring.item_analysis_sql import item_sums
    from lms.centers.service import create_center
    from lms.curriculum.models import Module
    from lms.extensions import db
    from lms.publishing import import_content
    from lms.quizzes.selectors import quiz_for, spec_for

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp}/bench.sqlite3",
                          "SECRET_KEY": "bench-" * 8, "QUEUE_URL": "immediate", "BASE_URL": "http://lms.test"})
        with app.app_context():
            if url:
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.create_all()
            center_id = create_center(name="Bench Center", region="Bench").id
            import_content(CONTENT / "curriculum", CONTENT / "quizzes")
            module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
            quiz = quiz_for(module.current_version_id)
            quiz_id, spec = quiz.id, spec_for(quiz)
            _seed(db, quiz_id, spec, center_id, attempts)
            if url:  # what autovacuum does after a bulk load
                with db.engine.begin() as conn:
                    conn.execute(text("ANALYZE"))
            correct = {q.id: set(q.correct_ids) for q in spec.questions if q.kind != "scenario"}
            timings, count = [], [0]
            listener = lambda *args: count.__setitem__(0, count[0] + 1)  # noqa: E731
            for run in range(RUNS + 1):
                db.session.remove()
                count[0] = 0
                event.listen(db.engine, "before_cursor_execute", listener)
                started = time.perf_counter()
                questions, options, _ = item_sums(quiz_id, center_id)
                from_sums(questions, options, correct)
                elapsed = (time.perf_counter() - started) * 1000
                event.remove(db.engine, "before_cursor_execute", listener)
                if run:  # the first run warms the database's cache
                    timings.append(elapsed)
            db.session.remove()
            db.engine.dispose()
    return count[0], statistics.median(timings)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    if args.only != "postgres":
        queries, small = measure(1000)
        _, large = measure(20000)
        print(f"item_analysis_queries: {queries}")
        print(f"item_analysis_ms_1000: {small:.0f}")
        print(f"item_analysis_ms_20000: {large:.0f}")
    if args.only != "sqlite":
        from tests.support.postgres import PostgresServer

        server = PostgresServer()
        try:
            _, large = measure(20000, server.start())
        finally:
            server.stop()
        print(f"item_analysis_ms_20000_postgres: {large:.0f}")


if __name__ == "__main__":
    main()
