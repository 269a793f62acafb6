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
import urllib.parse
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
    sign_in_phase_s: float = 0.0  # with a start line: from the first sign-in until the window opened
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


class StartLine:
    """Shared by the client processes: learners report when their sign-in is over (signed in or failed), wait
    until every learner has, then all work in the same measurement window, which sign-ins no longer share."""

    def __init__(self, context) -> None:
        self.arrived = context.Value("i", 0)
        self.window_end = context.Value("d", 0.0)
        self.go = context.Event()

    def arrive(self) -> None:
        """This learner's sign-in is over."""
        with self.arrived.get_lock():
            self.arrived.value += 1

    def wait(self) -> float:
        """Block until the window opens; returns its end (time.time())."""
        self.go.wait()
        return self.window_end.value

    def open(self, learners: int, seconds: float, *, timeout: float) -> None:
        """Open the window once all `learners` have arrived (or after `timeout`), for `seconds`."""
        deadline = time.monotonic() + timeout
        while self.arrived.value < learners and time.monotonic() < deadline:
            time.sleep(0.05)
        self.window_end.value = time.time() + seconds
        self.go.set()


def _learner(base: str, email: str, password: str, module: str, seconds: float, seed: int,
             lesson: str | None = None, delay: float = 0.0, deadline: float | None = None,
             start_line: StartLine | None = None, seeded: tuple[str, str, str] | None = None) -> Stats:
    stats, rng, session = Stats(), random.Random(seed), requests.Session()
    time.sleep(0 if seeded else delay)
    try:
        if seeded:  # a session made in-process as the sign-in form makes it: (cookie name, cookie, CSRF token)
            session.cookies.set(seeded[0], seeded[1], domain=urllib.parse.urlsplit(base).hostname, path="/")
            token = seeded[2]
        else:
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
    finally:
        if start_line is not None:
            start_line.arrive()
    stats.signed_in = 1
    # each learner works `seconds` once signed in, or (with a deadline) until the run's common end, or (with a
    # start line) in the window that opens once every learner has signed in
    if start_line is not None:
        stop_at = start_line.wait()
    else:
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


def _process(base, accounts, module, seconds, queue, lesson, delays, deadline, start_line, seeds) -> None:
    results: list[Stats] = []
    threads = [threading.Thread(target=lambda a=a, i=i: results.append(_learner(
        base, *a, module, seconds, i, lesson, delays[i], deadline, start_line, seeds[i])))
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
                 common_end: bool = False, sign_in_first: bool = False, sign_in_timeout: float = 600,
                 seeds: list | None = None) -> Stats:
    """Run one simulated learner per account for `seconds` (reading `lesson` too, when given, then saving
    answers), spread over a few client processes; sign-ins are spread evenly over the first `ramp` seconds.
    With `common_end`, every learner stops `ramp + seconds` after the start, however long its sign-in took
    (the run's length is then bounded). With `sign_in_first`, the learners work only in a window of `seconds`
    that opens once every sign-in is over (or after `sign_in_timeout`): the figures are then those of reading
    and answering, not of password hashing. `seeds` (one per account, None to sign in through the form) gives
    learners a session cookie and CSRF token made beforehand."""
    deadline = time.time() + ramp + seconds if common_end and not sign_in_first else None
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue = context.Queue()
    start_line = StartLine(context) if sign_in_first else None
    seeds = seeds or [None] * len(accounts)
    chunks = [accounts[i::processes] for i in range(processes)]
    seed_chunks = [seeds[i::processes] for i in range(processes)]
    form_sign_ins = sum(seed is None for seed in seeds)  # the seeded learners start at once
    delays = [[ramp * (i + k * processes) / max(1, form_sign_ins) for k in range(len(c))]
              for i, c in enumerate(chunks)]
    procs = [context.Process(target=_process,
                             args=(base, c, module, seconds, queue, lesson, d, deadline, start_line, k))
             for c, d, k in zip(chunks, delays, seed_chunks, strict=True) if c]
    for proc in procs:
        proc.start()
    opened = time.monotonic()
    if start_line is not None:
        start_line.open(len(accounts), seconds, timeout=ramp + sign_in_timeout)
    total = Stats(sign_in_phase_s=time.monotonic() - opened if start_line is not None else 0.0)
    for _ in procs:
        total.merge(queue.get(timeout=ramp + seconds + sign_in_timeout + 300))
    for proc in procs:
        proc.join()
    return total
