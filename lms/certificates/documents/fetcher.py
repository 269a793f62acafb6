"""The only way a certificate PDF reaches a file: bundled static files by `lms-static:` name and `data:` URLs."""
from __future__ import annotations

import mimetypes
import urllib.request
from collections import deque
from pathlib import Path, PurePosixPath
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_ROOT = Path(__file__).resolve().parents[2] / "static"
STATIC_SCHEME = "lms-static:"
STATIC_SUFFIXES = frozenset({".ttf", ".otf", ".woff", ".woff2", ".css", ".svg", ".png"})
MAX_DATA_URL = 256 * 1024


class FetchRefused(ValueError):
    """The PDF tried to load something other than a bundled file or a data: URL."""


class BundledFetcher(URLFetcher):
    """Serves `lms-static:<path>` from lms/static and `data:` URLs; refuses all else, follows no redirect."""

    def __init__(self, root: Path = STATIC_ROOT) -> None:
        """Refuse every scheme by default; a refusal aborts the render (fail_on_errors)."""
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=True)
        self.root = root.resolve()
        # Recent requests, for tests and audits; bounded so a long-lived renderer does not grow.
        self.requested: deque[str] = deque(maxlen=256)
        self.refused: deque[str] = deque(maxlen=256)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Answer one request from WeasyPrint (never touches the network or other files)."""
        self.requested.append(url[:200])
        if url.startswith("data:") and len(url) <= MAX_DATA_URL:
            with urllib.request.DataHandler().data_open(urllib.request.Request(url)) as response:
                return URLFetcherResponse(url, response.read(), {"Content-Type": response.headers["Content-Type"]})
        relative = PurePosixPath(url[len(STATIC_SCHEME):]) if url.startswith(STATIC_SCHEME) else None
        path = (self.root / relative).resolve() if relative else None
        if (path is None or relative.is_absolute() or ".." in relative.parts or "\\" in url
                or not path.is_relative_to(self.root) or path.suffix not in STATIC_SUFFIXES
                or not path.is_file()):
            self.refused.append(url[:200])
            raise FetchRefused(f"refused to fetch {url[:80]!r}: only bundled files and data: URLs")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
