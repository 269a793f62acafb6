"""Simulated learners for load tests: each signs in, starts a quiz attempt, answers, and submits, in a loop."""
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


@dataclass
class Stats:
    """What the learners saw: answer latencies (ms), answers saved, submits, and failures by kind."""

    latencies: list = field(default_factory=list)
    answers: int = 0
    submits: int = 0
    server_errors: int = 0
    timeouts: int = 0
    locked: int = 0
    other_failures: int = 0
    signed_in: int = 0
    failure_examples: list = field(default_factory=list)

    def merge(self, other: "Stats") -> None:
        """Add another learner's figures."""
        self.latencies += other.latencies
        self.failure_examples += other.failure_examples
        for name in ("answers", "submits", "server_errors", "timeouts", "locked", "other_failures", "signed_in"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def errors(self) -> int:
        """5xx, timeouts and 'database is locked' together."""
        return self.server_errors + self.timeouts + self.locked

    def p95_ms(self) -> float:
        """95th percentile of answer latency."""
        return statistics.quantiles(self.latencies, n=20)[-1] if len(self.latencies) >= 20 else 0.0


def _sign_in(session: requests.Session, base: str, email: str, password: str) -> str:
    """Sign in through the form; returns the CSRF token of the new session."""
    token = TOKEN.search(session.get(base + "/signin", timeout=60).text).group(1)
    dashboard = session.post(base + "/signin", data={"csrf_token": token, "email": email, "password": password},
                             timeout=60)
    found = TOKEN.search(dashboard.text)  # the session (and its CSRF secret) is new after sign-in
    if dashboard.status_code != 200 or not found:
        raise RuntimeError(f"sign-in failed for {email}: HTTP {dashboard.status_code}")
    return found.group(1)


def _learner(base: str, email: str, password: str, module: str, seconds: float, seed: int) -> Stats:
    stats, rng, session = Stats(), random.Random(seed), requests.Session()
    try:
        token = _sign_in(session, base, email, password)
    except (requests.RequestException, RuntimeError, AttributeError) as error:
        stats.other_failures += 1
        stats.failure_examples.append(repr(error)[:200])
        return stats
    stats.signed_in = 1
    stop_at = time.time() + seconds  # the measured time starts once this learner is signed in
    while time.time() < stop_at:
        try:
            started = session.post(f"{base}/modules/{module}/quiz/start", data={"csrf_token": token}, timeout=30)
            attempt_url = started.url.split("?")[0]
            for number in range(1, 30):
                if time.time() >= stop_at:
                    break
                html = session.get(f"{attempt_url}?q={number % 12 + 1}", timeout=30).text
                question, options = QUESTION.search(html), OPTION.findall(html)
                if not question or not options:
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
                _count(stats, response)
                stats.answers += response.status_code == 200
            response = session.post(f"{attempt_url}/submit", data={"csrf_token": token}, timeout=30)
            _count(stats, response)
            stats.submits += response.ok
        except requests.Timeout:
            stats.timeouts += 1
        except requests.RequestException as error:
            stats.other_failures += 1
            stats.failure_examples.append(repr(error)[:200])
    return stats


def _count(stats: Stats, response: requests.Response) -> None:
    if response.status_code >= 500:
        stats.server_errors += 1
        stats.locked += "database is locked" in response.text
    elif response.status_code not in (200, 302, 409):
        stats.other_failures += 1


def _process(base, accounts, module, seconds, queue) -> None:
    results: list[Stats] = []
    threads = [threading.Thread(target=lambda a=a, i=i: results.append(_learner(base, *a, module, seconds, i)))
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
                 processes: int = 5) -> Stats:
    """Run one simulated learner per account for `seconds`, spread over a few client processes."""
    queue: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
    chunks = [accounts[i::processes] for i in range(processes)]
    procs = [multiprocessing.get_context("fork").Process(target=_process, args=(base, c, module, seconds, queue))
             for c in chunks if c]
    for proc in procs:
        proc.start()
    total = Stats()
    for _ in procs:
        total.merge(queue.get(timeout=seconds + 300))
    for proc in procs:
        proc.join()
    return total
