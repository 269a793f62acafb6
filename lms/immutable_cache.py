"""A per-process cache of immutable records (published versions, quiz specs) bounded by an estimate of the bytes it
holds, filled in bulk: whatever a page needs and the cache lacks is loaded by one call, so a page costs the same
number of queries however many records it shows and however small the budget is. Evictions are counted and logged
(once per process) so an undersized budget shows up in the logs instead of silently turning hits into misses."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from cachetools import LRUCache

log = logging.getLogger(__name__)
V = TypeVar("V")


class _CountingLRU(LRUCache):
    def __init__(self, owner: ImmutableCache, maxsize: int, getsizeof):
        super().__init__(maxsize=maxsize, getsizeof=getsizeof)
        self.owner = owner

    def popitem(self):
        self.owner._evicted()
        return super().popitem()


class ImmutableCache(Generic[V]):
    """Least-recently-used cache of values that never change once stored, limited to `budget_bytes`."""

    def __init__(self, name: str, *, budget_bytes: int, sizeof: Callable[[V], int]):
        self.name, self.sizeof = name, sizeof
        self.hits = self.misses = self.evictions = 0
        self._lock = threading.Lock()
        self.resize(budget_bytes)

    def resize(self, budget_bytes: int) -> None:
        """Empty the cache and give it a new budget (tests and settings use this)."""
        with self._lock:
            self.budget_bytes = budget_bytes
            self._items = _CountingLRU(self, budget_bytes, self.sizeof)
            self.hits = self.misses = self.evictions = 0
            self._warned = False

    def _evicted(self) -> None:
        self.evictions += 1
        if not self._warned:
            self._warned = True
            log.warning("%s cache is over its budget of %d bytes and is evicting: raise the budget to keep "
                        "every published record in memory", self.name, self.budget_bytes)

    def get_many(self, keys: Iterable[Hashable], load_missing: Callable[[list], dict]) -> dict:
        """Values for these keys: cached ones, and the others from one call of `load_missing(missing keys)`."""
        found, missing = {}, []
        with self._lock:
            for key in keys:
                value = self._items.get(key)
                if value is None:
                    missing.append(key)
                else:
                    found[key] = value
            self.hits += len(found)
        if missing:
            loaded = load_missing(missing)
            with self._lock:
                self.misses += len(missing)
                for key, value in loaded.items():
                    found[key] = value
                    if self.sizeof(value) <= self.budget_bytes:  # one record larger than the budget is not kept
                        self._items[key] = value
        return found

    def get(self, key: Hashable, load: Callable[[], V]) -> V:
        """The value for one key, from `load()` on a miss."""
        return self.get_many([key], lambda _missing: {key: load()})[key]

    @property
    def size_bytes(self) -> int:
        """Estimated bytes held."""
        return self._items.currsize

    def __len__(self) -> int:
        return len(self._items)
