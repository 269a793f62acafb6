"""Learners under load: N simulated learners (default 200; F of them, default 20, sign in through the form
spread over R seconds, the others start from a session made in-process as sign-in makes it; every sign-in is over
before the measurement starts), then read a lesson, answer and submit quizzes for S seconds, all
in the same window, against gunicorn (default gthread, 2 workers x 8 threads), on SQLite and on PostgreSQL: the
figures are those of reading and saving answers, not of 200 password hashes competing with them for two cores.
Every failure is counted (by kind) and printed.
Prints answers_per_s_<db>, reads_per_s_<db>, p50/p95/p99 of answer saves and of lesson reads, p95_ms_<db>_<N>,
errors (all kinds) and each kind, submits, database_locked; and the sign-ins' p95 and how long they all took.
Usage: python bench/answers.py [--seconds 30] [--ramp 10] [--form-sign-ins 20] [--learners 200] [--workers 2]
       [--threads 8] [--only sqlite|postgres]"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._serve import Gunicorn, app_for, prepared_instance  # noqa: E402
from bench.load import Stats, run_learners  # noqa: E402

PASSWORD = "bench passphrase 2026"
MODULE = "effects-of-violence-by-age"
LESSON_OF = f"/modules/{MODULE}/lessons/"


def create_learners(env: dict, count: int) -> list[tuple[str, str]]:
    """Accounts for the simulated learners (the password hashed once, rows inserted in one statement)."""
    from sqlalchemy import insert, select

    from lms.auth.models import User
    from lms.auth.passwords import hash_password
    from lms.centers.models import Membership
    from lms.extensions import db

    with app_for(env):
        have = set(db.session.scalars(select(User.email).where(User.email.like("%@bench.test"))))
        wanted = [f"load{n}@bench.test" for n in range(count)]
        missing = [email for email in wanted if email not in have]
        if missing:
            digest = hash_password(PASSWORD)
            db.session.execute(insert(User), [
                {"email": email, "full_name": f"Load Learner {email[4:-11]}", "password_hash": digest,
                 "discipline": "officer", "agency": "Bench PD", "is_site_admin": False, "failed_logins": 0}
                for email in missing])
            ids = db.session.scalars(select(User.id).where(User.email.in_(missing))).all()
            db.session.execute(insert(Membership), [{"user_id": uid, "center_id": 1, "role": "learner"}
                                                    for uid in ids])
            db.session.commit()
    return [(email, PASSWORD) for email in wanted]


def seeded_sessions(env: dict, accounts: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(cookie name, signed session cookie, CSRF token) for each account, made in-process exactly as the sign-in
    form makes them (start_session, then the page's CSRF token), without its password hash: the server signs
    with the same secret key, so it reads these cookies as its own."""
    from flask import session
    from flask_wtf.csrf import generate_csrf
    from sqlalchemy import select

    from lms.auth.models import User
    from lms.auth.views import start_session
    from lms.extensions import db

    seeds = []
    with app_for(env) as app:
        users = {user.email: user for user in db.session.scalars(
            select(User).where(User.email.in_([email for email, _ in accounts])))}
        serializer = app.session_interface.get_signing_serializer(app)
        for email, _ in accounts:  # a fresh app context each: the CSRF token is cached in `g`
            with app.app_context(), app.test_request_context(
                    "/signin", method="POST", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                    headers={"User-Agent": requests_user_agent()}):
                start_session(users[email], remember=False)
                token = generate_csrf()
                seeds.append((app.config["SESSION_COOKIE_NAME"], serializer.dumps(dict(session)), token))
    return seeds


def requests_user_agent() -> str:
    """The User-Agent the load client sends."""
    import requests

    return requests.utils.default_user_agent()


def first_lesson(env: dict) -> str:
    """The path of the module's first lesson."""
    from sqlalchemy import select

    from lms.curriculum.models import Lesson, Module
    from lms.extensions import db

    with app_for(env):
        module = db.session.scalar(select(Module).where(Module.slug == MODULE))
        slug = db.session.scalar(select(Lesson.slug).where(Lesson.version_id == module.current_version_id)
                                 .order_by(Lesson.position))
    return LESSON_OF + slug


def measure(env: dict, *, learners: int, seconds: float, workers: int = 4, threads: int = 1,
            read_lessons: bool = False, ramp: float = 0.0, common_end: bool = False,
            sign_in_first: bool = False, form_sign_ins: int | None = None) -> Stats:
    """Serve with gunicorn (workers x threads) and run the learners; returns their stats. With `form_sign_ins`,
    that many learners sign in through the form and the others start from a session seeded in-process."""
    _, env = prepared_instance(env)
    accounts = create_learners(env, learners)
    seeds = None
    if form_sign_ins is not None and form_sign_ins < learners:
        seeds = [None] * form_sign_ins + seeded_sessions(env, accounts[form_sign_ins:])
    lesson = first_lesson(env) if read_lessons else None
    server = Gunicorn("wsgi:app", workers=workers, threads=threads, env=dict(env, LMS_RATELIMIT_ENABLED="false"))
    try:
        return run_learners(server.url, accounts, module=MODULE, seconds=seconds, lesson=lesson, ramp=ramp,
                            common_end=common_end, sign_in_first=sign_in_first, seeds=seeds)
    finally:
        server.stop()


def report(name: str, stats: Stats, *, seconds: float, learners: int) -> None:
    """Print one database's figures (rates over the run's whole window of `seconds`)."""
    print(f"answers_per_s_{name}: {stats.answers / seconds:.0f}")
    print(f"reads_per_s_{name}: {stats.reads / seconds:.0f}")
    for percent in (50, 95, 99):
        print(f"p{percent}_ms_{name}: {stats.percentile_ms(percent):.0f}")
    for percent in (50, 95, 99):
        print(f"read_p{percent}_ms_{name}: {stats.percentile_ms(percent, of='read_latencies'):.0f}")
    print(f"sign_in_p95_ms_{name}: {stats.percentile_ms(95, of='sign_in_latencies'):.0f}")
    print(f"sign_in_phase_s_{name}: {stats.sign_in_phase_s:.0f}  (before the window; not in the rates)")
    print(f"p95_ms_{name}_{learners}: {stats.p95_ms():.0f}")
    print(f"signed_in_{name}: {stats.signed_in} of {learners}")
    print(f"submits_{name}: {stats.submits}")
    print(f"reviews_{name}: {stats.reviews}")
    print(f"errors_{name}: {stats.errors}")
    for kind, count in stats.failures().items():
        print(f"{kind}_{name}: {count}")
    shown: dict[str, int] = {}
    for example in stats.failure_examples:  # two of each kind
        kind = example.split(":", 1)[0]
        shown[kind] = shown.get(kind, 0) + 1
        if shown[kind] <= 2:
            print(f"# {name} failure example: {example}")


def main() -> None:
    """Run on both databases and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30, help="seconds after the ramp")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which the form sign-ins are spread")
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--form-sign-ins", type=int, default=20,
                        help="learners signing in through the form (the others start from a seeded session)")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    opts = dict(learners=args.learners, seconds=args.seconds, workers=args.workers, threads=args.threads,
                read_lessons=True, ramp=args.ramp, sign_in_first=True, form_sign_ins=args.form_sign_ins)
    print(f"# gunicorn: {args.workers} workers x {args.threads} threads; {args.learners} learners "
          f"({min(args.form_sign_ins, args.learners)} signing in through the form over {args.ramp:g} s, the others "
          f"from sessions seeded in-process), then all working in the same {args.seconds:g} s window, per database")
    results = {}
    if args.only != "postgres":
        results["sqlite"] = measure({}, **opts)
    if args.only != "sqlite":
        from tests.support.postgres import PostgresServer

        postgres_server = PostgresServer()
        try:
            results["postgres"] = measure({"DATABASE_URL": postgres_server.start()}, **opts)
        finally:
            postgres_server.stop()
    for name, stats in results.items():
        report(name, stats, seconds=args.seconds, learners=args.learners)
    print(f"errors: {sum(s.errors for s in results.values())}")
    print(f"database_locked: {sum(s.locked for s in results.values())}")
    silent = [name for name, stats in results.items() if stats.answers == 0]
    if silent:  # figures from learners who saved nothing measure nothing: fail loudly
        sys.exit(f"no answers were saved on {', '.join(silent)}: the learners never reached a quiz")


if __name__ == "__main__":
    main()
