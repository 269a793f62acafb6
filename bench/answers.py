"""Quiz answers under load: 50 simulated learners answering and submitting for 60 s against gunicorn with 4 workers,
on SQLite and on PostgreSQL. Prints answers_per_s_sqlite, answers_per_s_postgres, errors, p95_ms_sqlite,
p95_ms_postgres. Usage: python bench/answers.py [--seconds 60] [--learners 50]"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._serve import Gunicorn, app_for, prepared_instance  # noqa: E402
from bench.load import run_learners  # noqa: E402

PASSWORD = "bench passphrase 2026"
MODULE = "effects-of-violence-by-age"


def create_learners(env: dict, count: int) -> list[tuple[str, str]]:
    """Accounts for the simulated learners, created through the account service."""
    from lms.auth.service import find_user_by_email, register_user

    accounts = []
    with app_for(env):
        for n in range(count):
            email = f"load{n}@bench.test"
            if find_user_by_email(email) is None:
                register_user(email=email, password=PASSWORD, full_name=f"Load Learner {n}", discipline="officer",
                              agency="Bench PD", center_id=1)
            accounts.append((email, PASSWORD))
    return accounts


def measure(env: dict, *, learners: int, seconds: float):
    """Serve with 4 workers and run the learners; returns their stats."""
    _, env = prepared_instance(env)
    accounts = create_learners(env, learners)
    server = Gunicorn("wsgi:app", workers=4, env=dict(env, LMS_RATELIMIT_ENABLED="false"))
    try:
        return run_learners(server.url, accounts, module=MODULE, seconds=seconds)
    finally:
        server.stop()


def main() -> None:
    """Run on both databases and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--learners", type=int, default=50)
    args = parser.parse_args()
    from tests.support.postgres import PostgresServer

    sqlite = measure({}, learners=args.learners, seconds=args.seconds)
    postgres_server = PostgresServer()
    try:
        url = postgres_server.start()
        postgres = measure({"DATABASE_URL": url}, learners=args.learners, seconds=args.seconds)
    finally:
        postgres_server.stop()
    print(f"answers_per_s_sqlite: {sqlite.answers / args.seconds:.0f}")
    print(f"answers_per_s_postgres: {postgres.answers / args.seconds:.0f}")
    print(f"errors: {sqlite.errors + postgres.errors}")
    print(f"p95_ms_sqlite: {sqlite.p95_ms():.0f}")
    print(f"p95_ms_postgres: {postgres.p95_ms():.0f}")
    print(f"submits_sqlite: {sqlite.submits}")
    print(f"submits_postgres: {postgres.submits}")
    print(f"database_locked: {sqlite.locked + postgres.locked}")


if __name__ == "__main__":
    main()
