"""`make bench`: every benchmark, one after another (each in its own process, stopped after five minutes), then
one table of every figure they printed, with each bench's wall time and exit status.
Usage: python bench/all.py [--only pages,phone] [--limit 300]"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["pages", "breakdown", "phone", "answers", "certificates", "cert_core"]
FIGURE = re.compile(r"^([a-z0-9_]+): (.+)$")


def run(name: str, limit: float) -> tuple[list[tuple[str, str]], float, str]:
    """Run one bench; its figures, wall seconds and status ('ok', 'exit N' or 'timed out')."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(HERE / f"{name}.py")], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=limit)
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    except subprocess.TimeoutExpired:
        import os
        import signal

        os.killpg(proc.pid, signal.SIGTERM)  # the bench and the servers it started
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
        status = "timed out"
    figures = [m.groups() for m in map(FIGURE.match, out.splitlines()) if m]
    return figures, time.perf_counter() - start, status


def main() -> None:
    """Run the benches and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default=",".join(BENCHES))
    parser.add_argument("--limit", type=float, default=300)
    args = parser.parse_args()
    rows, summary = [], []
    for name in args.only.split(","):
        print(f"# running bench/{name}.py ...", file=sys.stderr, flush=True)
        figures, seconds, status = run(name, args.limit)
        rows += [(name, key, value) for key, value in figures]
        summary.append((name, f"{seconds:.0f} s", status))
    width = max((len(key) for _, key, _ in rows), default=10)
    print(f"{'bench':<13} {'figure':<{width}} value")
    for name, key, value in rows:
        print(f"{name:<13} {key:<{width}} {value}")
    print()
    for name, seconds, status in summary:
        print(f"{name:<13} {'wall_time':<{width}} {seconds} ({status})")
    if any(status != "ok" for _, _, status in summary):
        sys.exit(1)


if __name__ == "__main__":
    main()
