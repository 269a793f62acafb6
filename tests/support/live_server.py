"""Serve an app over real HTTP on loopback in a background thread (for browser tests and load tests)."""
from __future__ import annotations

import threading

from werkzeug.serving import make_server


class LiveServer:
    """A threaded Werkzeug server for `app` on 127.0.0.1 at a free port."""

    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
