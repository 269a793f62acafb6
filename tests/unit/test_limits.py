"""The doctor's rate-limit storage warning."""
from lms.limits import per_process_warning


def test_memory_storage_is_reported_as_per_process():
    assert "per process" in per_process_warning({"RATELIMIT_STORAGE_URI": "memory://"})


def test_shared_storage_or_disabled_limits_need_no_warning():
    assert per_process_warning({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}) is None
    assert per_process_warning({"RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_ENABLED": False}) is None
