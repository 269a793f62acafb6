"""The immutable-record cache: one load for everything missing, a byte budget, evictions counted and told once."""
from __future__ import annotations

import logging

from lms.immutable_cache import ImmutableCache


def _cache(budget: int) -> ImmutableCache[str]:
    return ImmutableCache("test", budget_bytes=budget, sizeof=len)


def test_everything_missing_is_loaded_by_one_call_and_then_served_from_memory():
    cache, calls = _cache(1000), []

    def load(keys):
        calls.append(sorted(keys))
        return {key: f"value {key}" for key in keys}

    assert cache.get_many([1, 2, 3], load) == {1: "value 1", 2: "value 2", 3: "value 3"}
    assert cache.get_many([2, 3, 4], load)[4] == "value 4"
    assert calls == [[1, 2, 3], [4]] and (cache.hits, cache.misses) == (2, 4)


def test_the_budget_bounds_memory_and_an_overflow_is_logged_once(caplog):
    cache = _cache(50)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            found = cache.get_many(range(20), lambda keys: {key: "x" * 10 for key in keys})
            assert len(found) == 20  # every value is returned even when it cannot all be kept
    assert cache.size_bytes <= 50 and cache.evictions > 0
    assert sum("over its budget" in record.message for record in caplog.records) == 1


def test_a_value_larger_than_the_whole_budget_is_returned_but_not_kept():
    cache = _cache(5)
    assert cache.get("big", lambda: "x" * 100) == "x" * 100
    assert len(cache) == 0 and cache.evictions == 0
