"""Servers started by tests and benchmarks stop for sure: terminate, wait, kill, wait (always reaped)."""
import subprocess
import sys

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
