"""`make run HOST=... PORT=...` serves there (and the config derives the base URL from the same variables)."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_takes_host_and_port():
    out = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0", "PORT=5050"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "flask run --host 0.0.0.0 --port 5050" in out and "Open http://0.0.0.0:5050" in out


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_runs_the_short_load_test_and_make_bench_the_long_one():
    test = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    bench = subprocess.run(["make", "-n", "bench"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "LMS_LOAD_TEST" not in test and "pytest -q" in test  # the dozen-learner test only
    assert "LMS_LOAD_TEST=long" in bench and "tests/test_load.py" in bench
