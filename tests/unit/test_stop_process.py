"""Servers started by tests and benchmarks stop for sure: terminate, wait, kill, wait (always reaped)."""
import os
import subprocess
import sys
import time
from pathlib import Path

from bench._serve import stop_process

STUBBORN = "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); " \
           "time.sleep(600)"


def test_a_process_that_ignores_terminate_is_killed_and_reaped():
    proc = subprocess.Popen([sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    stop_process(proc, grace=0.5)
    proc.stdout.close()
    assert proc.returncode == -9


def test_stopping_a_process_that_already_exited_is_harmless():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    stop_process(proc)
    assert proc.returncode == 0


GROUP_LEADER = "import signal, subprocess, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); " \
               "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); " \
               "print(child.pid, flush=True); time.sleep(600)"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie is dead, waiting for its new parent to reap it


def test_a_stubborn_server_in_its_own_session_is_killed_with_its_workers():
    proc = subprocess.Popen([sys.executable, "-c", GROUP_LEADER], stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    worker = int(proc.stdout.readline())
    assert _alive(worker) and os.getpgid(worker) == proc.pid
    stop_process(proc, grace=0.5)
    proc.stdout.close()
    assert proc.returncode == -9
    deadline = time.monotonic() + 60  # the orphaned worker is reaped by init; give a busy machine time
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)
