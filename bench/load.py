"""Simulated learners for load tests: each signs in, then reads a lesson, starts or resumes a quiz attempt, answers,
and submits, in a loop (after a failed attempt it marks the module's lessons done again, as the quiz requires before
a retake); every failure is counted by kind."""
from __future__ import annotations

import multiprocessing
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field

import requests

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
QUESTION = re.compile(r'name="question" value="([^"]+)"')
OPTION = re.compile(r'name="answer" id="opt-[^"]+" value="([^"]+)"')
STEP = re.compile(r'name="step" value="([^"]+)"')
LESSON_LINK = re.compile(r'href="(/modules/[^/"]+/lessons/[^/"]+)"')


FAILURE_KINDS = ("server_errors", "locked", "timeouts", "client_errors", "connection_errors", "sign_in_failures",
                 "broken_pages")


@dataclass
class Stats:
    """What the learners saw: latencies (ms) of answer saves and of page reads, answers saved, submits, and every
    failure by kind (5xx, 'database is locked', timeouts, other 4xx, connection errors, failed sign-ins, pages
    without the expected form); `errors` counts them all."""

    latencies: list = field(default_factory=list)
    read_latencies: list = field(default_factory=list)
    sign_in_latencies: list = field(default_factory=list)
    answers: int = 0
    reads: int = 0
    submits: int = 0
    reviews: int = 0
    server_errors: int = 0
    locked: int = 0
    timeouts: int = 0
    client_errors: int = 0
    connection_errors: int = 0
    sign_in_failures: int = 0
    broken_pages: int = 0
    signed_in: int = 0
    failure_examples: list = field(default_factory=list)

    def merge(self, other: Stats) -> None:
        """Add another learner's figures."""
        self.latencies += other.latencies
        self.read_latencies += other.read_latencies
        self.sign_in_latencies += other.sign_in_latencies
        self.failure_examples += other.failure_examples
        for name in ("answers", "reads", "submits", "reviews", "signed_in", *FAILURE_KINDS):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def errors(self) -> int:
        """Every failure, of whatever kind ('database is locked' is a 5xx, counted once)."""
        return sum(getattr(self, name) for name in FAILURE_KINDS if name != "locked")

    def failures(self) -> dict[str, int]:
        """Each kind of failure with its count."""
        return {name: getattr(self, name) for name in FAILURE_KINDS}

    def percentile_ms(self, percent: int, *, of: str = "latencies") -> float:
        """A percentile of answer-save latency (or of `read_latencies`, `sign_in_latencies`)."""
        values = getattr(self, of)
        if len(values) < 2:
            return values[0] if values else 0.0
        return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]

    def p95_ms(self) -> float:
        """95th percentile of answer latency."""
        return self.percentile_ms(95)


def _fail(stats: Stats, kind: str, example: str) -> None:
    setattr(stats, kind, getattr(stats, kind) + 1)
    if getattr(stats, kind) <= 2:  # the first two of each kind, per learner
        stats.failure_examples.append(f"{kind}: {example[:200]}")


def _sign_in(session: requests.Session, base: str, email: str, password: str) -> str:
    """Sign in through the form; returns the CSRF token of the new session."""
    token = TOKEN.search(session.get(base + "/signin", timeout=60).text).group(1)
    dashboard = session.post(base + "/signin", data={"csrf_token": token, "email": email, "password": password},
                             timeout=60)
    found = TOKEN.search(dashboard.text)  # the session (and its CSRF secret) is new after sign-in
    if dashboard.status_code != 200 or not found:
        raise RuntimeError(f"sign-in failed for {email}: HTTP {dashboard.status_code}")
    return found.group(1)


def _learner(base: str, email: str, password: str, module: str, seconds: float, seed: int,
             lesson: str | None = None, delay: float = 0.0, deadline: float | None = None) -> Stats:
    stats, rng, session = Stats(), random.Random(seed), requests.Session()
    time.sleep(delay)
    try:
        t0 = time.perf_counter()
        token = _sign_in(session, base, email, password)
        stats.sign_in_latencies.append((time.perf_counter() - t0) * 1000)
    except requests.Timeout as error:
        _fail(stats, "timeouts", repr(error))
        return stats
    except requests.RequestException as error:
        _fail(stats, "connection_errors", repr(error))
        return stats
    except (RuntimeError, AttributeError) as error:
        _fail(stats, "sign_in_failures", repr(error))
        return stats
    stats.signed_in = 1
    # each learner works `seconds` once signed in, or (with a deadline) until the run's common end
    stop_at = deadline if deadline is not None else time.time() + seconds
    rounds = 0
    # however slow the machine, each learner saves at least one answer (or fails) before stopping
    while time.time() < stop_at or (rounds < 3 and not stats.answers and not stats.errors):
        rounds += 1
        try:
            if lesson:
                t0 = time.perf_counter()
                response = session.get(base + lesson, timeout=30)
                stats.read_latencies.append((time.perf_counter() - t0) * 1000)
                stats.reads += _count(stats, response)
            started = session.post(f"{base}/modules/{module}/quiz/start", data={"csrf_token": token}, timeout=30)
            if not _count(stats, started):
                continue
            if started.url.split("?")[0].endswith(f"/modules/{module}/quiz"):
                # the last attempt failed: as a learner must, revisit the lessons (mark them done), then retry
                _review_lessons(session, base, module, token, stats)
                started = session.post(f"{base}/modules/{module}/quiz/start", data={"csrf_token": token},
                                       timeout=30)
                if not _count(stats, started):
                    continue
            if "/attempts/" not in started.url:
                _fail(stats, "broken_pages", f"starting the quiz led to {started.url}")
                break
            attempt_url = started.url.split("?")[0]
            for number in range(1, 30):
                if time.time() >= stop_at and stats.answers:
                    break
                page = session.get(f"{attempt_url}?q={number % 12 + 1}", timeout=30)
                if not _count(stats, page):
                    continue
                html = page.text
                question, options = QUESTION.search(html), OPTION.findall(html)
                if not question or not options:  # a finished scenario has no form; any page not a quiz's fails
                    if "/result" not in page.url and "data-quiz" not in html:
                        _fail(stats, "broken_pages", f"not a quiz page at {page.url}")
                    continue
                step = STEP.search(html)
                action = "decide" if step else "answer"
                data = {"csrf_token": token, "question": question.group(1), "answer": rng.choice(options)}
                if step:
                    data["step"] = step.group(1)
                t0 = time.perf_counter()
                response = session.post(f"{attempt_url}/{action}", data=data, timeout=30,
                                        headers={"Accept": "application/json"})
                stats.latencies.append((time.perf_counter() - t0) * 1000)
                stats.answers += _count(stats, response) and response.status_code == 200
            response = session.post(f"{attempt_url}/submit", data={"csrf_token": token}, timeout=30)
            stats.submits += _count(stats, response)
        except requests.Timeout as error:
            _fail(stats, "timeouts", repr(error))
        except requests.RequestException as error:
            _fail(stats, "connection_errors", repr(error))
    return stats


def _review_lessons(session: requests.Session, base: str, module: str, token: str, stats: Stats) -> None:
    """Mark each of the module's lessons done again (what the quiz asks before a retake after a failed attempt)."""
    page = session.get(f"{base}/modules/{module}", timeout=30)
    if not _count(stats, page):
        return
    lessons = dict.fromkeys(LESSON_LINK.findall(page.text))
    if not lessons:
        _fail(stats, "broken_pages", f"no lesson links on {page.url}")
    for lesson in lessons:
        stats.reviews += _count(stats, session.post(f"{base}{lesson}/done", data={"csrf_token": token}, timeout=30))


def _count(stats: Stats, response: requests.Response) -> bool:
    """Count a failed response by kind; True when the response is one the learner expects (2xx, 302, 409)."""
    if response.status_code >= 500:
        _fail(stats, "server_errors", f"HTTP {response.status_code} {response.url}")
        stats.locked += "database is locked" in response.text
        return False
    if response.status_code not in (200, 302, 409):
        _fail(stats, "client_errors", f"HTTP {response.status_code} {response.url}")
        return False
    return True


def _process(base, accounts, module, seconds, queue, lesson, delays, deadline) -> None:
    results: list[Stats] = []
    threads = [threading.Thread(target=lambda a=a, i=i: results.append(_learner(base, *a, module, seconds, i,
                                                                                lesson, delays[i], deadline)))
               for i, a in enumerate(accounts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Stats()
    for result in results:
        total.merge(result)
    queue.put(total)


def run_learners(base: str, accounts: list[tuple[str, str]], *, module: str, seconds: float,
                 processes: int = 5, lesson: str | None = None, ramp: float = 0.0,
                 common_end: bool = False) -> Stats:
    """Run one simulated learner per account for `seconds` (reading `lesson` too, when given, then saving
    answers), spread over a few client processes; sign-ins are spread evenly over the first `ramp` seconds.
    With `common_end`, every learner stops `ramp + seconds` after the start, however long its sign-in took
    (the run's length is then bounded)."""
    deadline = time.time() + ramp + seconds if common_end else None
    queue: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
    chunks = [accounts[i::processes] for i in range(processes)]
    delays = [[ramp * (i + k * processes) / max(1, len(accounts)) for k in range(len(c))]
              for i, c in enumerate(chunks)]
    procs = [multiprocessing.get_context("fork").Process(target=_process,
                                                         args=(base, c, module, seconds, queue, lesson, d, deadline))
             for c, d in zip(chunks, delays, strict=True) if c]
    for proc in procs:
        proc.start()
    total = Stats()
    for _ in procs:
        total.merge(queue.get(timeout=ramp + seconds + 300))
    for proc in procs:
        proc.join()
    return total
