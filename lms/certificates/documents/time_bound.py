"""The time bound on rendering a certificate: RenderTimeout, raised in the rendering thread by a watchdog."""
from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Iterator


class RenderTimeout(BaseException):
    """Rendering took longer than the renderer's time bound. A BaseException, like KeyboardInterrupt, because it
    arrives asynchronously: the libraries' `except Exception` handlers must not swallow it."""

    def __init__(self, *args: object) -> None:
        """Raised by the watchdog without arguments: give it a sentence."""
        super().__init__(*(args or ("certificate rendering took longer than its time bound",)))


@contextlib.contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout in this thread if the block outlasts `seconds`, on any thread (the task worker renders
    in threads, where SIGALRM cannot be used): a watchdog thread raises the exception asynchronously in the
    rendering thread, again every 50 ms until the block ends (a library's broad `except` may swallow one), and
    a block that overran but still returned raises it at its end. No signals are touched."""
    target, state, lock = threading.get_ident(), {"done": False, "fired": False}, threading.Lock()
    finished = threading.Event()

    def watch() -> None:
        wait = seconds
        while not finished.wait(wait):
            with lock:
                if state["done"]:
                    return
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(RenderTimeout))
            wait = 0.05

    watchdog = threading.Thread(target=watch, name="render-time-bound", daemon=True)
    watchdog.start()
    overran = False
    try:
        yield
    finally:
        # The exception may still arrive here, before the watchdog is told the block is over: retry until it is
        # told (under the lock, so it fires no more) and any exception not delivered yet is withdrawn. Only then
        # wait for it, so that no RenderTimeout can reach code after the block.
        while True:
            try:
                with lock:
                    state["done"] = True
                    if state["fired"]:  # withdraw an exception not delivered yet
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
                        overran = True
                break
            except RenderTimeout:
                overran = True
        finished.set()
        watchdog.join()
    if overran:  # the block returned although its time ran out (the exception was swallowed inside it)
        raise RenderTimeout(f"certificate rendering exceeded {seconds:g} s")
