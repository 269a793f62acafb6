"""Where rate-limit counters live, for `flask lms doctor` (its warning line) and the docs."""
from __future__ import annotations

PER_PROCESS = ("memory://",)


def per_process_warning(config) -> str | None:
    """A warning when rate limits are counted in each process's memory (N workers allow N times the limit)."""
    uri = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if not config.get("RATELIMIT_ENABLED", True) or not uri.startswith(PER_PROCESS):
        return None
    return ("rate limits are counted per process (LMS_RATELIMIT_STORAGE_URI=memory://): with several workers or "
            "servers each allows the full limit; set LMS_RATELIMIT_STORAGE_URI=redis://host:6379 to share them")
