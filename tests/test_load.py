"""Checklist 18: 50 simulated learners writing answers against gunicorn with 4 workers, on SQLite and on
PostgreSQL, get no 5xx, no timeouts and no "database is locked". (Shorter than the benchmark; same driver.)"""
import pytest

from bench.answers import measure

pytestmark = pytest.mark.pg
SECONDS = 12


def test_fifty_concurrent_learners_answer_without_errors(db_backend, request):
    env = {"DATABASE_URL": request.getfixturevalue("postgres_url")} if db_backend == "postgresql" else {}
    if db_backend == "postgresql":
        _empty_schema(env["DATABASE_URL"])
    stats = measure(env, learners=50, seconds=SECONDS)
    assert stats.errors == 0, (stats.server_errors, stats.timeouts, stats.locked)
    assert stats.signed_in == 50, stats.failure_examples[:5]
    assert stats.answers >= 50 and stats.submits >= 50, stats


def _empty_schema(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
