"""Checklist 18: simulated learners writing answers against gunicorn with 4 workers, on SQLite and on PostgreSQL,
get no 5xx, no timeouts and no "database is locked". `make test` runs a short version (a dozen learners, a few
seconds); the 50-learner version runs in `make bench` (LMS_LOAD_TEST=long). Nothing here depends on speed: the
figures are checked for failures, not for throughput."""
import os

import pytest

from bench.answers import measure

pytestmark = pytest.mark.pg
LONG = os.environ.get("LMS_LOAD_TEST") == "long"


def _run(db_backend, request, *, learners: int, seconds: float):
    env = {"DATABASE_URL": request.getfixturevalue("postgres_url")} if db_backend == "postgresql" else {}
    if db_backend == "postgresql":
        _empty_schema(env["DATABASE_URL"])
    return measure(env, learners=learners, seconds=seconds)


def test_a_dozen_concurrent_learners_answer_without_errors(db_backend, request):
    stats = _run(db_backend, request, learners=12, seconds=8)
    assert stats.errors == 0, _explain(stats)
    assert stats.signed_in == 12, _explain(stats)
    assert stats.answers >= 12 and stats.submits >= 1, _explain(stats)  # every learner saved something


@pytest.mark.skipif(not LONG, reason="the 50-learner load test runs in `make bench` (LMS_LOAD_TEST=long)")
def test_fifty_concurrent_learners_answer_without_errors(db_backend, request):
    stats = _run(db_backend, request, learners=50, seconds=12)
    assert stats.errors == 0, _explain(stats)
    assert stats.signed_in == 50, _explain(stats)
    assert stats.answers >= 50 and stats.submits >= 50, _explain(stats)


def _explain(stats) -> str:
    """What went wrong, readably: the counts and each kind's first examples (not the whole latency lists)."""
    return (f"signed in {stats.signed_in}, answers {stats.answers}, submits {stats.submits}, reviews "
            f"{stats.reviews}; failures {stats.failures()}; examples {stats.failure_examples[:6]}")


def _empty_schema(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    from tests.conftest import _schema_ready

    _schema_ready.discard("postgresql")  # later pg tests must recreate the tables
