"""Certificate PDFs: autoescaped Jinja2 templates rendered by WeasyPrint through a bundled-files-only fetcher."""
from __future__ import annotations

import contextlib
import mimetypes
import signal
import threading
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from lms.certificates.qr import qr_data_uri
from lms.certificates.snapshot import CertificateSnapshot

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
STATIC_SCHEME = "lms-static:"
STATIC_SUFFIXES = frozenset({".ttf", ".otf", ".woff", ".woff2", ".css", ".svg", ".png"})
MAX_DATA_URL = 256 * 1024
DEFAULT_TIMEOUT = 30.0
BATCH = 25  # certificates laid out per WeasyPrint pass in render_many (memory stays flat beyond this)


class FetchRefused(ValueError):
    """The PDF tried to load something other than a bundled file or a data: URL."""


class RenderTimeout(RuntimeError):
    """Rendering took longer than the renderer's time bound."""


class BundledFetcher(URLFetcher):
    """Serves `lms-static:<path>` from lms/static and `data:` URLs; refuses everything else, follows no redirect."""

    def __init__(self, root: Path = STATIC_ROOT) -> None:
        """Refuse every scheme by default; a refusal aborts the render (fail_on_errors)."""
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=True)
        self.root = root.resolve()
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Answer one request from WeasyPrint (never touches the network or other files)."""
        self.requested.append(url[:200])
        if url.startswith("data:") and len(url) <= MAX_DATA_URL:
            return self._data(url)
        if url.startswith(STATIC_SCHEME):
            return self._static(url)
        self.refused.append(url[:200])
        raise FetchRefused(f"refused to fetch {url[:80]!r}")

    def _data(self, url: str) -> URLFetcherResponse:
        with urllib.request.DataHandler().data_open(urllib.request.Request(url)) as response:
            return URLFetcherResponse(url, response.read(), {"Content-Type": response.headers["Content-Type"]})

    def _static(self, url: str) -> URLFetcherResponse:
        relative = PurePosixPath(url[len(STATIC_SCHEME):].split("?", 1)[0].split("#", 1)[0])
        path = (self.root / relative).resolve()
        if (relative.is_absolute() or ".." in relative.parts or "\\" in str(relative)
                or not path.is_relative_to(self.root) or path.suffix not in STATIC_SUFFIXES
                or not path.is_file()):
            self.refused.append(url[:200])
            raise FetchRefused(f"not a bundled static file: {url[:80]!r}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


@contextlib.contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout if the block runs longer than `seconds` (main thread, POSIX; elsewhere
    the snapshot's size limits are the bound)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise RenderTimeout(f"certificate rendering exceeded {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _size(text: str, long: int, longer: int | None = None) -> str:
    if longer is not None and len(text) > longer:
        return "longer"
    return "long" if len(text) > long else ""


def _day(value: Any) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else ""


class Renderer:
    """Loads templates, CSS, fonts and the seal once; renders any number of certificates with them."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, qr_kind: str = "svg") -> None:
        """Parse everything that does not change between certificates."""
        self.timeout = timeout
        self.qr_kind = qr_kind
        self.fetcher = BundledFetcher()
        self.font_config = FontConfiguration()
        self.env = make_environment()
        self.css_text = (TEMPLATES / "certificate.css").read_text(encoding="utf-8")
        self.stylesheet = CSS(string=self.css_text, url_fetcher=self.fetcher, font_config=self.font_config)
        self.seal = seal_data_uri()
        self.image_cache: dict[str, Any] = {}

    def html(self, snapshot: CertificateSnapshot, *, inline_css: bool = False) -> str:
        """The certificate as an HTML document (CSS inlined when asked, for a stand-alone render)."""
        return render_html(self.env, snapshot, seal=self.seal, qr_kind=self.qr_kind,
                           inline_css=self.css_text if inline_css else None)

    def render(self, snapshot: CertificateSnapshot) -> bytes:
        """One unsigned PDF."""
        return self.render_many([snapshot])[0]

    def render_many(self, snapshots: Sequence[CertificateSnapshot]) -> list[bytes]:
        """Unsigned PDFs, one stand-alone file per snapshot, laid out in batches of BATCH pages."""
        pdfs: list[bytes] = []
        for start in range(0, len(snapshots), BATCH):
            pdfs.extend(self._render_batch(snapshots[start:start + BATCH]))
        return pdfs

    def _render_batch(self, snapshots: Sequence[CertificateSnapshot]) -> list[bytes]:
        with time_bound(self.timeout * len(snapshots)):
            documents = [self._layout(snapshot) for snapshot in snapshots]
            return [document.write_pdf() for document in documents]

    def _layout(self, snapshot: CertificateSnapshot) -> Any:
        html = HTML(string=self.html(snapshot), url_fetcher=self.fetcher, base_url=None)
        return html.render(stylesheets=[self.stylesheet], font_config=self.font_config,
                           cache=self.image_cache)


def make_environment() -> jinja2.Environment:
    """The Jinja2 environment for PDF templates: autoescape always on, undefined names are errors."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, auto_reload=False)


def seal_data_uri() -> str:
    """The bundled seal SVG as a data: URI."""
    return "data:image/svg+xml;base64," + __import__("base64").b64encode(
        (TEMPLATES / "seal.svg").read_bytes()).decode("ascii")


def render_html(env: jinja2.Environment, snapshot: CertificateSnapshot, *, seal: str, qr_kind: str = "svg",
                inline_css: str | None = None) -> str:
    """Fill the layout's template with the snapshot (all values escaped by the template)."""
    template = env.get_template(f"{snapshot.layout}.html")
    return template.render(
        s=snapshot, a=snapshot.accreditation, hours=snapshot.hours_text,
        issued=_day(snapshot.issued_on), expires=_day(snapshot.expires_on),
        name_size=_size(snapshot.learner_name, 34, 56), program_size=_size(snapshot.program_title, 70),
        overflow=len(snapshot.objectives) + len(snapshot.modules) > 14, seal=seal,
        qr=qr_data_uri(snapshot.verify_url, kind=qr_kind),
        inline_css=Markup(inline_css) if inline_css else None)


def render_naive(snapshot: CertificateSnapshot) -> bytes:
    """The baseline: one HTML(string=...).write_pdf() with the same template and nothing reused."""
    html = render_html(make_environment(), snapshot, seal=seal_data_uri(),
                       inline_css=(TEMPLATES / "certificate.css").read_text(encoding="utf-8"))
    return HTML(string=html, url_fetcher=BundledFetcher()).write_pdf()
