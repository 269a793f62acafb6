"""Bytes and requests per page as a phone's Chromium sees them, cold (empty cache) and warm (the next page view),
for the dashboard, a lesson and a quiz question, served by gunicorn with the shipped content. Bytes are what
crossed the wire (headers and compressed bodies, from the DevTools protocol). Prints <page>_cold_bytes,
<page>_cold_requests, <page>_warm_bytes, <page>_warm_requests. Usage: python bench/phone.py"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._serve import Gunicorn, first_lesson_path, prepared_instance  # noqa: E402
from bench.pages import LEARNER  # noqa: E402

CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update"]


class Wire:
    """Counts the requests that went to the network and their encoded bytes, through a CDP session."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.sent, self.cached, self.bytes = set(), set(), 0
        self.cdp.on("Network.requestWillBeSent", lambda e: self.sent.add(e["requestId"]))
        self.cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        self.cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event) -> None:
        self.bytes += event["encodedDataLength"]

    def reset(self) -> None:
        """Start counting afresh."""
        self.sent, self.cached, self.bytes = set(), set(), 0

    @property
    def requests(self) -> int:
        """Requests that reached the server (not served from the browser's cache)."""
        return len(self.sent - self.cached)


def _paths(base: str) -> dict[str, str]:
    session = requests.Session()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(base + "/signin").text)
    session.post(base + "/signin", data={"csrf_token": token.group(1), "email": LEARNER[0], "password": LEARNER[1]})
    dashboard = session.get(base + "/dashboard").text
    lesson = first_lesson_path(lambda page: session.get(base + page).text)
    module = lesson.split("/lessons/")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', dashboard).group(1)
    started = session.post(base + module + "/quiz/start", data={"csrf_token": token})
    return {"dashboard": "/dashboard", "lesson": lesson, "quiz_question": started.url.replace(base, "")}


def measure(base: str) -> dict[str, int]:
    """Cold and warm figures for each page."""
    from playwright.sync_api import sync_playwright

    paths, figures = _paths(base), {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for name, path in paths.items():
                context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
                page = context.new_page()
                page.goto(base + "/signin")
                page.fill("input[name=email]", LEARNER[0])
                page.fill("input[name=password]", LEARNER[1])
                page.click("main button[type=submit]")
                page.wait_for_load_state("load")
                wire = Wire(page)
                wire.cdp.send("Network.clearBrowserCache")  # cold: nothing cached, still signed in
                for state in ("cold", "warm"):
                    wire.reset()
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(200)
                    figures[f"{name}_{state}_bytes"] = wire.bytes
                    figures[f"{name}_{state}_requests"] = wire.requests
                context.close()
        finally:
            browser.close()
    return figures


def main() -> None:
    """Serve, measure, print."""
    _, env = prepared_instance({"LMS_RATELIMIT_ENABLED": "false"})
    site = Gunicorn("wsgi:app", workers=1, env=env)
    try:
        figures = measure(site.url)
    finally:
        site.stop()
    for key, value in figures.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
