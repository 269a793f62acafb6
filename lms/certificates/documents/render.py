"""Certificate PDFs: autoescaped Jinja2 templates rendered by WeasyPrint through a bundled-files-only fetcher.

A Renderer lays out each program's page (everything but the learner's own details) once, caches it,
and stamps every learner's name, code and QR code over it: one WeasyPrint pass per batch of stamps.
"""
from __future__ import annotations

import base64
import io
import threading
import warnings
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from lms.certificates.documents.fetcher import BundledFetcher, FetchRefused  # noqa: F401  (re-exported)
from lms.certificates.documents.qr import qr_data_uri
from lms.certificates.documents.snapshot import CertificateSnapshot, SnapshotError, hours_words
from lms.certificates.documents.splice import FIRST_FREE, CapturedPdf, SplicedPage, splice_page, stack_pages
from lms.certificates.documents.time_bound import RenderTimeout, time_bound  # noqa: F401  (re-exported)

TEMPLATES = Path(__file__).resolve().parent / "templates"
SLOTS = ("slot-learner", "slot-verify", "slot-qr")
LEARNER_FIELDS = frozenset({"learner_name", "short_code", "verify_url", "public_id"})
FIELD_WORK = ("activities", "sessions")
BATCH = 25  # stamps laid out per WeasyPrint pass; memory stays flat beyond this
# Type sizes for the details block, tried in turn until the page fits; then the same with the field work
# summarised per kind ("summary"); last, the two columns as one text flowing from the first into the second
# ("flow"), for a program whose accreditation, disclosures and modules overfill the first column.
DENSITIES = ("", "dense", "denser", "summary", "dense summary", "denser summary",
             "flow summary", "dense flow summary", "denser flow summary")


class DoesNotFit(SnapshotError):
    """A program's objectives, modules and accreditation text do not fit on one page even in small type."""


def make_environment() -> jinja2.Environment:
    """The Jinja2 environment for PDF templates: autoescape always on, undefined names are errors."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, auto_reload=False)


def seal_data_uri() -> str:
    """The bundled seal SVG as a data: URI."""
    return "data:image/svg+xml;base64," + base64.b64encode((TEMPLATES / "seal.svg").read_bytes()).decode()


def name_size(name: str) -> str:
    """The CSS size class that keeps a learner's name inside its slot (two lines at most)."""
    length = len(name)
    return "" if length <= 30 else "long" if length <= 48 else "longer" if length <= 100 else "longest"


def page_context(snapshot: CertificateSnapshot, *, learner: bool = True, density: str = "") -> dict[str, Any]:
    """Template values derived from a snapshot (dates spelled out, size classes, the QR code when the
    learner's details are wanted)."""
    day = lambda value: f"{value:%B} {value.day}, {value.year}" if value else ""  # noqa: E731
    return {"s": snapshot, "a": snapshot.accreditation, "hours": snapshot.hours_text,
            "hours_words": hours_words(snapshot.ce_hours, snapshot.layout),
            "issued": day(snapshot.issued_on), "expires": day(snapshot.expires_on),
            "name_size": name_size(snapshot.learner_name),
            "program_size": "long" if len(snapshot.program_title) > 70 else "",
            "qr": qr_data_uri(snapshot.verify_url, kind="png") if learner else "", "full": learner,
            "density": density, "compact": snapshot.field_work_compact or "summary" in density.split()}


def render_html(env: jinja2.Environment, snapshot: CertificateSnapshot, *, seal: str, full: bool = True,
                density: str = "", inline_css: str | None = None) -> str:
    """The certificate page as HTML: `full` with the learner's details, else the program's base page."""
    return env.get_template(f"{snapshot.layout}.html").render(
        page_context(snapshot, learner=full, density=density), seal=seal,
        inline_css=Markup(inline_css) if inline_css else None)


def tagged_pdf(document: Any, variant: str = "pdf/a-4u") -> bytes:
    """A laid-out WeasyPrint document written as tagged PDF of `variant` (PDF/A-4 by default)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # WeasyPrint 70 opens its sRGB output intent, never closes it
        return document.write_pdf(pdf_variant=variant, pdf_tags=True)


@dataclass(frozen=True)
class BasePage:
    """A program's rendered page with the learner slots left empty, and where those slots are."""

    spliced: SplicedPage
    boxes: dict[str, str]
    density: str


def group_key(snapshot: CertificateSnapshot) -> str:
    """What makes two certificates share a base page: every field except the learner's own."""
    return _key(snapshot.to_dict())


def fit_key(snapshot: CertificateSnapshot) -> str:
    """What makes two certificates likely to fit at the same density: the program's page with only the number of
    field-work lines (learners of a cohort differ in their dates and signers, hardly in how much room they take)."""
    data = snapshot.to_dict()
    for field in FIELD_WORK:
        data[field] = len(data.get(field) or ())
    return _key(data)


def _key(data: dict) -> str:
    return repr(sorted((k, v if not isinstance(v, dict) else sorted(v.items())) for k, v in data.items()
                       if k not in LEARNER_FIELDS))


class Renderer:
    """Loads templates, CSS, fonts and the seal once; renders any number of certificates with them.

    Calls are serialised by a lock (WeasyPrint's font configuration is not made for concurrent use):
    keep one Renderer per process, and use processes to render in parallel.
    """

    def __init__(self, *, timeout: float = 30.0, cache_size: int = 64) -> None:
        """Parse everything that does not change between certificates."""
        self.timeout, self.cache_size = timeout, cache_size
        self.fetcher = BundledFetcher()
        self.font_config = FontConfiguration()
        self.env = make_environment()
        self.css_text = (TEMPLATES / "certificate.css").read_text(encoding="utf-8")
        self.stylesheet = CSS(string=self.css_text, url_fetcher=self.fetcher, font_config=self.font_config)
        self.seal = seal_data_uri()
        self._bases: OrderedDict[str, BasePage] = OrderedDict()
        self._tagged_bases: OrderedDict[str, bytes] = OrderedDict()
        self._fits: OrderedDict[str, int] = OrderedDict()  # fit_key -> index in DENSITIES
        self._lock = threading.Lock()

    def render(self, snapshot: CertificateSnapshot) -> bytes:
        """One unsigned, stand-alone PDF."""
        return self.render_many([snapshot])[0]

    def render_many(self, snapshots: Sequence[CertificateSnapshot]) -> list[bytes]:
        """Unsigned PDFs, one stand-alone file per snapshot, in order."""
        def stack(batch: Sequence[CertificateSnapshot], bases: list[BasePage], document: Any) -> list[bytes]:
            stamps = capture(document)
            return [stack_pages(base.spliced, stamps, i, meta=document_meta(snapshot))
                    for i, (snapshot, base) in enumerate(zip(batch, bases, strict=True))]
        return self._stamped(snapshots, stack)

    def render_many_archival(self, snapshots: Sequence[CertificateSnapshot], *,
                             variant: str = "pdf/a-4u") -> list[bytes]:
        """Tagged PDF/A files, one per snapshot, in order, at nearly the stamped pages' speed: each program's page
        is rendered once as tagged PDF/A with its learner slots empty, each batch of learners' slots once as tagged
        stamp pages, and every certificate is the two merged, structure trees included (tagged_stamp.py). A page
        no other certificate shares (a learner's own field work is printed on it) is laid out once, whole, instead:
        stamping pays only when the page is shared."""
        import pikepdf

        from lms.certificates.documents.tagged_stamp import merge_stamps

        def merge(batch: Sequence[CertificateSnapshot], bases: list[BasePage], document: Any) -> list[bytes]:
            by_base: dict[bytes, list[int]] = {}
            for i, (snapshot, base) in enumerate(zip(batch, bases, strict=True)):
                by_base.setdefault(self._tagged_base(snapshot, base.density, variant), []).append(i)
            pdfs: list[bytes] = [b""] * len(batch)
            with pikepdf.open(io.BytesIO(document.write_pdf(pdf_tags=True))) as stamps:
                for tagged, indices in by_base.items():
                    merged = merge_stamps(tagged, stamps, [(i, document_meta(batch[i])["title"]) for i in indices])
                    for i, pdf in zip(indices, merged, strict=True):
                        pdfs[i] = pdf
            return pdfs

        keys = [group_key(snapshot) for snapshot in snapshots]
        shared = Counter(keys)
        alone = {i for i, key in enumerate(keys) if shared[key] == 1 and key not in self._bases}
        stamped = iter(self._stamped([s for i, s in enumerate(snapshots) if i not in alone], merge))
        return [self._archival_whole(snapshot, variant) if i in alone else next(stamped)
                for i, snapshot in enumerate(snapshots)]

    def _archival_whole(self, snapshot: CertificateSnapshot, variant: str) -> bytes:
        """One tagged PDF/A laid out whole, at the density that fits it."""
        with self._lock, time_bound(self.timeout):
            document, _ = self._fitted(snapshot, full=True)
            return tagged_pdf(document, variant)

    def _stamped(self, snapshots: Sequence[CertificateSnapshot],
                 finish: Callable[[Sequence[CertificateSnapshot], list[BasePage], Any], list[bytes]]) -> list[bytes]:
        """The batch loop of the stamped renders: per batch, within the time bound, the programs' cached pages and
        one WeasyPrint layout of the learners' stamp pages, which `finish` turns into the batch's files."""
        pdfs: list[bytes] = []
        with self._lock:
            for start in range(0, len(snapshots), BATCH):
                batch = snapshots[start:start + BATCH]
                with time_bound(self.timeout):
                    bases = [self._base(snapshot) for snapshot in batch]
                    document = self._layout(self.env.get_template("stamp.html").render(
                        pages=[dict(page_context(s), boxes=b.boxes) for s, b in zip(batch, bases, strict=True)]))
                    pdfs.extend(finish(batch, bases, document))
        return pdfs

    def _tagged_base(self, snapshot: CertificateSnapshot, density: str, variant: str) -> bytes:
        key = variant + group_key(snapshot)
        if key in self._tagged_bases:
            self._tagged_bases.move_to_end(key)
            return self._tagged_bases[key]
        document = self._layout(render_html(self.env, snapshot, seal=self.seal, full=False, density=density))
        pdf = self._tagged_bases[key] = tagged_pdf(document, variant)
        if len(self._tagged_bases) > self.cache_size:
            self._tagged_bases.popitem(last=False)
        return pdf

    def render_direct(self, snapshot: CertificateSnapshot) -> bytes:
        """The whole page in one WeasyPrint pass: the reference stamped pages must match (only the type
        density is taken from the program's cached page)."""
        with self._lock, time_bound(self.timeout):
            density = self._base(snapshot).density
            return self._write(render_html(self.env, snapshot, seal=self.seal, density=density))

    def render_archival(self, snapshot: CertificateSnapshot, *, variant: str = "pdf/a-4u") -> bytes:
        """The whole page in one pass as a tagged PDF/A (structure tree for screen readers, XMP metadata, embedded
        fonts and an output intent for long-term keeping). PDF/A-4, because it is built on PDF 2.0: an ECDSA
        (P-256) signature makes pyHanko declare PDF 2.0 (ISO 32002), which PDF/A-3 does not allow. About 3x
        slower than the stamped pages, which keep no tags; issuance uses it for certificates issued one by one."""
        with self._lock, time_bound(self.timeout):
            density = self._base(snapshot).density
            return tagged_pdf(self._layout(render_html(self.env, snapshot, seal=self.seal, density=density)), variant)

    def _base(self, snapshot: CertificateSnapshot) -> BasePage:
        key = group_key(snapshot)
        if key in self._bases:
            self._bases.move_to_end(key)
            return self._bases[key]
        document, density = self._fitted(snapshot, full=False)
        anchors = document.pages[0].anchors
        boxes = {slot: _box_style(*anchors[slot]) for slot in SLOTS}
        base = self._bases[key] = BasePage(splice_page(capture(document), 0, FIRST_FREE), boxes, density)
        if len(self._bases) > self.cache_size:
            self._bases.popitem(last=False)
        return base

    def _fitted(self, snapshot: CertificateSnapshot, *, full: bool) -> tuple[Any, str]:
        """The page laid out at the first density in DENSITIES that fits it on one page (starting where the last
        page like it fitted, checked again), and that density."""
        fit = fit_key(snapshot)
        first = self._fits.get(fit, 0)
        for index, density in enumerate(DENSITIES[first:], start=first):
            document = self._layout(render_html(self.env, snapshot, seal=self.seal, full=full, density=density))
            anchors = document.pages[0].anchors
            if len(document.pages) == 1 and "footer" in anchors and anchors["details"][3] <= anchors["footer"][1]:
                self._fits[fit] = index
                self._fits.move_to_end(fit)
                if len(self._fits) > self.cache_size:
                    self._fits.popitem(last=False)
                return document, density
        raise DoesNotFit("the program's objectives, modules and accreditation text do not fit on the "
                         "certificate, even in small type: shorten them")

    def _layout(self, html: str) -> Any:
        return HTML(string=html, url_fetcher=self.fetcher).render(
            stylesheets=[self.stylesheet], font_config=self.font_config)

    def _write(self, html: str) -> bytes:
        return self._layout(html).write_pdf()


def capture(document: Any) -> CapturedPdf:
    """The PDF objects of a laid-out document, taken from WeasyPrint before it writes a file."""
    captured: list[CapturedPdf] = []

    def finisher(document: Any, pdf: Any) -> None:
        captured.append(CapturedPdf(pdf))
        pdf.write = lambda *args, **kwargs: None  # the objects are all we need; skip serialising a file

    document.write_pdf(finisher=finisher)
    return captured[0]


def document_meta(snapshot: CertificateSnapshot) -> dict[str, str]:
    """PDF document information for a certificate."""
    return {"title": f"{snapshot.program_title} | {snapshot.learner_name}", "author": snapshot.center_name,
            "subject": f"Certificate {snapshot.short_code}", "lang": "en"}


def _box_style(x1: float, y1: float, x2: float, y2: float) -> str:
    """CSS placing a stamp box over the anchor it replaces."""
    return f"left:{x1:.3f}px;top:{y1:.3f}px;width:{x2 - x1:.3f}px;height:{y2 - y1:.3f}px"
