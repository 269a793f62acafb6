"""Page speed: the lesson page and dashboard under gunicorn (2 workers, SQLite, demo data) against a floor app
returning the same bytes from memory. Floor, lesson and dashboard take turns, round after round (the ratio is
the median of each round's own ratio, so a change of load cannot shift it); wrk is the load client when
installed. Prints lesson_rps, floor_rps, lesson_ratio_to_floor, dashboard_rps, dashboard_queries, errors
(non-2xx/3xx, socket errors, timeouts). Usage: python bench/pages.py [--seconds 5] [--runs 5] [--connections 16]"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import statistics  # noqa: E402

from bench._serve import (  # noqa: E402
    ROOT,
    USER_AGENT,
    Gunicorn,
    alternating_rps,
    app_for,
    first_lesson_path,
    prepared_instance,
)

LEARNER = ("officer@demo.cdcp.test", "cross-train-2026")


def signed_in_cookie(base: str) -> str:
    """Sign in through the real form, with the load client's User-Agent, and return the Cookie header value a
    browser holds once the page after sign-in has loaded."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    html = session.get(base + "/signin").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = session.post(base + "/signin", data={"csrf_token": token, "email": LEARNER[0],
                                                    "password": LEARNER[1]}, allow_redirects=False)
    assert response.status_code == 302, response.status_code
    # Follow the redirect as a browser does: the page shown shows the "Signed in" flash and puts a CSRF token in
    # the session; a cookie taken before that would be rewritten on every request of the load.
    session.get(base + response.headers["Location"])
    return "; ".join(f"{k}={v}" for k, v in session.cookies.items())


def dashboard_queries(env: dict) -> int:
    """SQL statements one dashboard request runs (deterministic), counted in-process."""
    from sqlalchemy import event

    from lms.extensions import db

    with app_for(env, WTF_CSRF_ENABLED=False) as app:
        client = app.test_client()
        for path in ("/signin", "/dashboard"):  # content is cached per process after its first read
            with app.app_context():  # a fresh context per request, as in a server (no cached user in `g`)
                client.post(path, data={"email": LEARNER[0], "password": LEARNER[1]}) if path == "/signin" \
                    else client.get(path)
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        with app.app_context():
            client.get("/dashboard")
        return len(statements)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    _, env = prepared_instance()
    site = Gunicorn("wsgi:app", workers=2, env=env)
    try:
        cookie = signed_in_cookie(site.url)
        browser = {"Cookie": cookie, "User-Agent": USER_AGENT}
        lesson = first_lesson_path(lambda page: requests.get(site.url + page, headers=browser).text)
        page = requests.get(site.url + lesson, headers=browser)
        assert "Set-Cookie" not in page.headers, "the lesson page rewrote the session cookie; the load would too"
        body = page.content
        body_file = Path(tempfile.mkstemp(suffix=".html")[1])
        body_file.write_bytes(body)
        floor = Gunicorn("floor_app:app", workers=2, env=dict(env, LMS_FLOOR_BODY=str(body_file)),
                         cwd=ROOT / "bench")
        try:
            figures = alternating_rps({"floor": (floor.url + lesson, ""), "lesson": (site.url + lesson, cookie),
                                       "dashboard": (site.url + "/dashboard", cookie)},
                                      runs=args.runs, seconds=args.seconds, connections=args.connections)
        finally:
            floor.stop()
    finally:
        site.stop()
    floor_rps, floor_errors, floor_rounds = figures["floor"]
    lesson_rps, lesson_errors, lesson_rounds = figures["lesson"]
    dashboard_rps, dash_errors, _ = figures["dashboard"]
    ratio = statistics.median(a / b for a, b in zip(lesson_rounds, floor_rounds, strict=True))
    print(f"lesson_rps: {lesson_rps:.0f}")
    print(f"floor_rps: {floor_rps:.0f}")
    print(f"lesson_ratio_to_floor: {ratio:.2f}")
    print(f"lesson_ratio_rounds: {' '.join(f'{a / b:.2f}' for a, b in zip(lesson_rounds, floor_rounds, strict=True))}")
    print(f"dashboard_rps: {dashboard_rps:.0f}")
    print(f"dashboard_queries: {dashboard_queries(env)}")
    print(f"errors: {floor_errors + lesson_errors + dash_errors}")
    print(f"lesson_bytes: {len(body)}")


if __name__ == "__main__":
    main()
