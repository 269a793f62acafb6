"""Keeping a claim alive: a background thread renews it every few seconds while the work runs, so a claim whose
worker died stops being renewed and can be handed to another worker soon after."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

logger = logging.getLogger("lms.leases")


@contextmanager
def kept_alive(renew: Callable[[], None], *, every: float, name: str = "lease") -> Iterator[None]:
    """Call `renew()` every `every` seconds in a daemon thread while the block runs (errors are logged)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            try:
                renew()
            except Exception as error:  # a missed renewal only shortens the lease; the work goes on
                logger.warning("lease renewal failed", extra={"lease": name, "error": repr(error)[:300]})

    thread = threading.Thread(target=loop, name=f"lms-{name}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)
