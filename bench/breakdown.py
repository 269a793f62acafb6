"""Where a lesson page's milliseconds go, in-process (no network, no server): the page through Flask's test client,
timed as a whole and by parts (session cookie read and write, the signed-in user's row, the page's reads, Jinja,
the CSRF token, before- and after-request hooks), against a bare Flask app returning the same bytes. Prints one
line per part (breakdown_<part>_ms: N) and lesson_ms, floor_ms. Usage: python bench/breakdown.py [--requests 2000]"""
from __future__ import annotations

import argparse
import functools
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._serve import app_for, first_lesson_path, prepared_instance  # noqa: E402

LEARNER = ("officer@demo.cdcp.test", "cross-train-2026")
spent: dict[str, float] = defaultdict(float)
_children: list[float] = []  # per open timed call: time spent in timed calls nested inside it


def _timed(part: str, fn):
    """Wrap fn so its own time (less that of timed parts nested inside it) is added to `part`."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        _children.append(0.0)
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            spent[part] += elapsed - _children.pop()
            if _children:
                _children[-1] += elapsed
    return wrapper


def _instrument(app) -> None:
    import flask.templating
    import flask_wtf.csrf

    from lms.extensions import login_manager
    from lms.progress import selectors

    interface = type(app.session_interface)
    interface.open_session = _timed("session_read", interface.open_session)
    interface.save_session = _timed("session_write", interface.save_session)
    login_manager._user_callback = _timed("user_row_and_check", login_manager._user_callback)
    for name in ("learner_modules", "lesson_page_module"):  # the lesson page's reads (either, by version)
        if hasattr(selectors, name):
            setattr(selectors, name, _timed("page_reads", getattr(selectors, name)))
    from flask_compress import Compress

    Compress.after_request = _timed("compression", Compress.after_request)
    flask.templating._render = _timed("jinja", flask.templating._render)
    flask_wtf.csrf.generate_csrf = _timed("csrf_token", flask_wtf.csrf.generate_csrf)
    for funcs in app.after_request_funcs.values():
        funcs[:] = [_timed("after_request_hooks", f) for f in funcs]
    for funcs in app.before_request_funcs.values():  # the rate limiter's check, request log, input checks
        funcs[:] = [_timed("before_request_hooks", f) for f in funcs]


def _get(client, path: str, headers: dict):
    """One request in its own app context, as in a server (no signed-in user cached in `g`)."""
    with client.application.app_context():
        return client.get(path, headers=headers)


def _per_request_ms(client, path: str, count: int, headers: dict) -> float:
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(count // 5):
            _get(client, path, headers)
        samples.append((time.perf_counter() - start) * 1000 / (count // 5))
    return statistics.median(samples)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    _, env = prepared_instance()
    headers = {"Accept-Encoding": "gzip, deflate, br"}
    with app_for(env) as app:  # rate limits on, as served
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get("/signin").get_data(as_text=True)).group(1)
        client.post("/signin", data={"csrf_token": token, "email": LEARNER[0], "password": LEARNER[1]})
        path = first_lesson_path(lambda page: client.get(page).get_data(as_text=True))
        body = client.get(path).data
        for _ in range(200):
            _get(client, path, headers)
        lesson_ms = _per_request_ms(client, path, args.requests, headers)
        _instrument(app)
        spent.clear()
        measured = args.requests // 2
        start = time.perf_counter()
        for _ in range(measured):
            _get(client, path, headers)
        instrumented_ms = (time.perf_counter() - start) * 1000 / measured
        parts = {name: seconds * 1000 / measured for name, seconds in spent.items()}
    from flask import Flask, Response

    floor = Flask("floor")
    floor.add_url_rule("/<path:anything>", "page", lambda anything: Response(body, mimetype="text/html"))
    floor_client = floor.test_client()
    for _ in range(200):
        floor_client.get(path)
    floor_ms = _per_request_ms(floor_client, path, args.requests, {})
    for name in ("before_request_hooks", "session_read", "user_row_and_check", "page_reads", "jinja", "csrf_token",
                 "after_request_hooks", "compression", "session_write"):
        print(f"breakdown_{name}_ms: {parts.get(name, 0):.3f}")
    accounted = sum(parts.values())
    print(f"breakdown_rest_ms: {max(instrumented_ms - accounted, 0):.3f}  (routing, WSGI, test client, timers)")
    print(f"lesson_ms: {lesson_ms:.3f}")
    print(f"floor_ms: {floor_ms:.3f}")
    print(f"lesson_ratio_to_floor_in_process: {floor_ms / lesson_ms:.2f}")
    print(f"lesson_bytes: {len(body)}")


if __name__ == "__main__":
    main()
