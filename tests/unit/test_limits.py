"""The doctor's rate-limit storage warning; the growing sign-in delay."""
from lms.limits import per_process_warning


def test_memory_storage_is_reported_as_per_process():
    assert "per process" in per_process_warning({"RATELIMIT_STORAGE_URI": "memory://"})


def test_shared_storage_or_disabled_limits_need_no_warning():
    assert per_process_warning({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}) is None
    assert per_process_warning({"RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_ENABLED": False}) is None


def test_sign_in_delays_start_after_the_free_failures_and_double_up_to_the_cap():
    from lms.auth.throttle import growing_delay

    delays = [growing_delay(n, free=5, first=1, cap=60) for n in range(4, 13)]
    assert delays == [0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert growing_delay(10**6, free=5, first=1, cap=900) == 900
