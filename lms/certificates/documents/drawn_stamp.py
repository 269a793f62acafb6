"""One certificate on demand without laying it out: the learner's stamp drawn straight into the program's cached
tagged PDF/A page.

Once per program page (and size of name) WeasyPrint renders the page with the learner slots empty (tagged PDF/A-4)
and lays out one probe stamp, which says where and how the slots' text goes (stamp_probe.py) and checks that this
module would put the probe's own lines exactly where WeasyPrint did; a page that fails the check is never drawn.
Each certificate then costs one copy of the cached page with
- the name, code and verify address written as text: HarfBuzz-shaped, centred or right-aligned as laid out, in the
  bundled fonts cut down to the glyphs drawn (stamp_fonts.py),
- the QR code as an image XObject (one pixel a module, not interpolated, as WeasyPrint embeds qr.py's PNG),
- tags in the three empty slots (P/Span and Div/Span with ActualText, a Figure with Alt), marked content ids after
  the page's and the parent tree extended, and the XMP title naming the learner.
Text the fonts cannot draw, or that needs more lines than the probe measured, goes through WeasyPrint
(`Renderer.render_archival`). Pure: no Flask.
"""
from __future__ import annotations

import dataclasses
import io
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import pikepdf
import segno
from pikepdf import Array, Dictionary, Name

from lms.certificates.documents.pdf_update import append_update, ref, stream, text
from lms.certificates.documents.qr import INK, MASK
from lms.certificates.documents.render import (
    Renderer,
    document_meta,
    group_key,
    name_size,
    page_context,
    render_html,
    tagged_pdf,
    time_bound,
)
from lms.certificates.documents.snapshot import CertificateSnapshot
from lms.certificates.documents.stamp_fonts import FACES, Glyph, StampFont, Unsupported, lines, stamp_font
from lms.certificates.documents.stamp_probe import Run, box, measure, plain, probe_runs, texts
from lms.certificates.documents.tagged_stamp import empty_slots

VARIANT = "pdf/a-4u"
PROBE_NAMES = {"": 1, "long": 31, "longer": 49, "longest": 101}  # the shortest name of each size class
RESOURCE = {"name": "/CDCPName", "code": "/CDCPCode", "url": "/CDCPUrl"}
SLOTS = ("name", "verify", "qr")
TITLE = "CDCP-LEARNER-TITLE-9f3a"  # stands for the title in a cached page's XMP


@dataclass(frozen=True)
class DrawnPage:
    """A program's cached page ready for drawing: the file, the ids of the objects each certificate replaces, the
    serialised parts it keeps, and the probe's runs."""

    pdf: bytes
    runs: dict[str, Run]
    transform: bytes
    qr_box: tuple[float, float, float, float]
    figure_attributes: bytes
    objects: dict[str, tuple[int, int]]
    marks: bytes  # the page's parent-tree entries before the stamp's
    first_mark: int  # the stamp's first marked-content id
    xmp: tuple[bytes, bytes]  # the XMP packet before and after its title
    trailer: bytes  # /Size, /Root and /Info of the cached file


class DrawnPages:
    """Certificates issued one by one, drawn into cached pages; one per Renderer (and so per process)."""

    def __init__(self, renderer: Renderer, *, cache_size: int = 64) -> None:
        """Cached pages are kept per program page and size of name, least recently used dropped first."""
        self.renderer, self.cache_size = renderer, cache_size
        self._pages: OrderedDict[str, DrawnPage | None] = OrderedDict()
        self._lock = threading.Lock()
        self.drawn = self.fallbacks = 0  # how many went each way, for tests and the bench

    def render(self, snapshot: CertificateSnapshot) -> bytes:
        """One unsigned tagged PDF/A-4 certificate: drawn when it can be, else rendered by WeasyPrint."""
        page = self._page(snapshot)
        if page is not None:
            try:
                pdf = draw(page, snapshot)
                self.drawn += 1
                return pdf
            except Unsupported:
                pass
        self.fallbacks += 1
        return self.renderer.render_archival(snapshot, variant=VARIANT)

    def _page(self, snapshot: CertificateSnapshot) -> DrawnPage | None:
        size = name_size(snapshot.learner_name)
        key = size + group_key(snapshot)
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        page = self._build(snapshot, size)
        with self._lock:
            self._pages[key] = page
            if len(self._pages) > self.cache_size:
                self._pages.popitem(last=False)
        return page

    def _build(self, snapshot: CertificateSnapshot, size: str) -> DrawnPage | None:
        """Lay out the program's page and a probe stamp (learner name "I" repeated to this size's shortest)."""
        renderer = self.renderer
        probe_snapshot = dataclasses.replace(snapshot, learner_name="I" * PROBE_NAMES[size])
        with renderer._lock, time_bound(renderer.timeout):
            base = renderer._base(snapshot)
            document = renderer._layout(render_html(renderer.env, snapshot, seal=renderer.seal, full=False,
                                                    density=base.density))
            tagged = tagged_pdf(document, VARIANT)
            stamp = renderer._layout(renderer.env.get_template("stamp.html").render(
                pages=[dict(page_context(probe_snapshot), boxes=base.boxes)])).write_pdf(pdf_tags=True)
        with pikepdf.open(io.BytesIO(stamp)) as probe_pdf:
            probe, transforms, attributes = probe_runs(probe_pdf)
            runs = measure(probe, probe_snapshot, base.boxes)
            attributes = plain(attributes) if attributes is not None else None
        if runs is None or len(transforms) != 2:
            return None
        transform = b"".join(b"%s cm\n" % " ".join(_num(v) for v in t).encode() for t in transforms)
        return _prepared(tagged, runs=runs, transform=transform, qr_box=box(base.boxes["slot-qr"]),
                         figure_attributes=_serialised(attributes) if attributes is not None else b"")


def _serialised(value: Any) -> bytes:
    """A probe value (see stamp_probe.plain) written as PDF."""
    if isinstance(value, dict):
        return b"<< " + b" ".join(k.encode() + b" " + _serialised(v) for k, v in value.items()) + b" >>"
    if isinstance(value, list):
        return b"[" + b" ".join(_serialised(v) for v in value) + b"]"
    if isinstance(value, str):
        return value.encode() if value.startswith("/") else text(value)
    return b"true" if value is True else b"false" if value is False else _num(value).encode()


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _save(pdf: pikepdf.Pdf) -> bytes:
    """A classic cross-reference table, no object streams: pyHanko signs such a file in half the time."""
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
             fix_metadata_version=False)
    return buffer.getvalue()


def _prepared(tagged: bytes, **probed: Any) -> DrawnPage:
    """The tagged base page made ready for drawing: the stamp fonts added, an empty image and content stream for the
    stamp, the content wrapped in q/Q, and every object a certificate changes made indirect, so an incremental
    update replaces each whole; then where those objects are."""
    with pikepdf.open(io.BytesIO(tagged)) as pdf:
        page = pdf.pages[0].obj
        slots = empty_slots(pdf)  # refuses a page without the three slots
        for slot in slots:
            slot.K = pdf.make_indirect(Array())
        if "/Font" not in page.Resources:
            page.Resources.Font = Dictionary()
        for role in FACES:
            page.Resources.Font[RESOURCE[role]] = stamp_font(role).embed(pdf)
        if "/XObject" not in page.Resources:
            page.Resources.XObject = Dictionary()
        page.Resources.XObject.CDCPQR = pdf.make_stream(b"\xff\xff\xff", Type=Name.XObject, Subtype=Name.Image,
                                                        Width=1, Height=1, ColorSpace=Name.DeviceRGB,
                                                        BitsPerComponent=8)
        contents = list(page.Contents) if isinstance(page.Contents, Array) else [page.Contents]
        page.Contents = Array([pdf.make_stream(b"q\n"), *contents, pdf.make_stream(b"\nQ\n"), pdf.make_stream(b"")])
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        if len(nums) != 2 or int(nums[0]) != int(page.StructParents):
            raise ValueError("the base page's parent tree is not its page's alone")
        if not nums[1].is_indirect:
            nums[1] = pdf.make_indirect(nums[1])
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = TITLE
        saved = _save(pdf)
    with pikepdf.open(io.BytesIO(saved)) as pdf:
        page, slots = pdf.pages[0].obj, empty_slots(pdf)
        fonts = {role: page.Resources.Font[RESOURCE[role]] for role in FACES}
        objects = {"page": page.objgen, "content": page.Contents[-1].objgen, "qr": page.Resources.XObject.CDCPQR.objgen,
                   "marks": pdf.Root.StructTreeRoot.ParentTree.Nums[1].objgen, "metadata": pdf.Root.Metadata.objgen,
                   **{f"{name}-slot": slot.objgen for name, slot in zip(SLOTS, slots, strict=True)},
                   **{f"{name}-kids": slot.K.objgen for name, slot in zip(SLOTS, slots, strict=True)},
                   **{f"{role}-widths": font.DescendantFonts[0].W.objgen for role, font in fonts.items()},
                   **{f"{role}-text": font.ToUnicode.objgen for role, font in fonts.items()},
                   **{f"{role}-program": font.DescendantFonts[0].FontDescriptor.FontFile2.objgen
                      for role, font in fonts.items()}}
        if "/NS" in slots[0]:
            objects["namespace"] = slots[0].NS.objgen
        items = list(pdf.Root.StructTreeRoot.ParentTree.Nums[1])
        marks = b" ".join(item.unparse() if isinstance(item, pikepdf.Object) else str(item).encode()
                          for item in items)
        before, _, after = pdf.Root.Metadata.read_bytes().partition(TITLE.encode())
        trailer = b"/Size %d /Root %s" % (int(pdf.trailer.Size), ref(pdf.Root.objgen))
        if "/Info" in pdf.trailer:
            trailer += b" /Info " + ref(pdf.trailer.Info.objgen)
    return DrawnPage(saved, objects=objects, marks=marks, first_mark=len(items), xmp=(before, after), trailer=trailer,
                     **probed)


def _tj(font: StampFont, run: Run, line: list[Glyph]) -> bytes:
    """A TJ array placing each glyph at its shaped advance plus the letter spacing (widths are the font's)."""
    parts = []
    for glyph in line:
        natural = font.advances[glyph.gid] * run.size / font.upem
        shift = (glyph.advance * run.size / font.upem + run.spacing - natural) * 1000 / run.size
        parts.append(b"<%04x>" % glyph.gid + (b" %s" % _num(-shift).encode() if abs(shift) > 1e-4 else b""))
    return b"[" + b" ".join(parts) + b"] TJ"


def _text_block(role: str, run: Run, shaped: list[list[Glyph]], mcid: int) -> bytes:
    font = stamp_font(role)
    out = [b"/Span <</MCID %d>> BDC %s rg BT" % (mcid, " ".join(_num(c) for c in run.color).encode())]
    for i, line in enumerate(shaped):
        out.append(b"1 0 0 -1 %s %s Tm %s %s Tf %s" % (
            _num(run.start(font, line)).encode(), _num(run.baseline + i * (run.step or 0)).encode(),
            RESOURCE[role].encode(), _num(run.size).encode(), _tj(font, run, line)))
    return b"\n".join([*out, b"ET EMC"])


def _qr_image(url: str) -> bytes:
    """The QR code of `url`, one RGB pixel a module (the ink colour on white), as qr.py draws it."""
    code = segno.make(url, error="m", micro=False, mask=MASK)
    ink, white = bytes.fromhex(INK.removeprefix("#")), b"\xff\xff\xff"
    rows = [b"".join(ink if dark else white for dark in row) for row in code.matrix_iter(scale=1, border=0)]
    return stream(zlib.compress(b"".join(rows), 6), b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                  b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Interpolate false /Filter /FlateDecode " % (
                      len(rows), len(rows)))


def _element(page: DrawnPage, kind: str, parent: str | int, kids: bytes, extra: bytes = b"") -> bytes:
    parent_ref = ref(page.objects[parent]) if isinstance(parent, str) else b"%d 0 R" % parent
    namespace = b" /NS " + ref(page.objects["namespace"]) if "namespace" in page.objects else b""
    return b"<< /Type /StructElem /S /%s /P %s /Pg %s /K [%s]%s %s>>" % (
        kind.encode(), parent_ref, ref(page.objects["page"]), kids, namespace, extra)


def _content(page: DrawnPage, shaped: dict[str, list[list[Glyph]]], first: int) -> bytes:
    left, top, width, height = page.qr_box
    qr = b"q %s re W n /Figure <</MCID %d>> BDC q 1 0 0 1 %s %s cm q %s 0 0 %s 0 %s cm /CDCPQR Do Q Q EMC Q" % (
        " ".join(_num(v) for v in page.qr_box).encode(), first + 3, _num(left).encode(), _num(top).encode(),
        _num(width).encode(), _num(-height).encode(), _num(height).encode())
    blocks = [_text_block(role, page.runs[role], shaped[role], first + i) for i, role in enumerate(RESOURCE)]
    return b"\n".join([b"q", page.transform.strip(), *blocks, qr, b"Q"])


def draw(page: DrawnPage, snapshot: CertificateSnapshot) -> bytes:
    """One certificate: the cached page with this learner's stamp drawn and tagged, as an incremental update
    (Unsupported if the stamp cannot be drawn)."""
    words = texts(snapshot)
    shaped = {role: lines(stamp_font(role), words[role], run.size, run.width, run.spacing)
              for role, run in page.runs.items()}
    for role, run in page.runs.items():
        if len(shaped[role]) > (1 if role != "url" or run.step is None else 2):
            raise Unsupported(f"the {role} needs more lines than the probe measured")
    first = page.first_mark
    size = int(page.trailer.split()[1])
    new = dict(zip(("p", "name", "code-div", "code", "url-div", "url", "figure"), range(size, size + 7), strict=True))
    number = lambda name: page.objects[name][0]  # noqa: E731
    objects = {number("content"): stream(zlib.compress(_content(page, shaped, first), 6), b"/Filter /FlateDecode "),
               number("qr"): _qr_image(words["url"]),
               number("metadata"): stream(page.xmp[0] + escape(document_meta(snapshot)["title"]).encode()
                                          + page.xmp[1], b"/Type /Metadata /Subtype /XML "),
               number("marks"): b"[%s %s]" % (page.marks, b" ".join(b"%d 0 R" % new[k] for k in (
                   "name", "code", "url", "figure")))}
    for role in RESOURCE:
        widths, to_unicode, program = stamp_font(role).document_objects([g for line in shaped[role] for g in line])
        objects.update({number(f"{role}-widths"): widths, number(f"{role}-text"): to_unicode,
                        number(f"{role}-program"): program})
    objects.update({
        number("name-kids"): b"[%d 0 R]" % new["p"], number("verify-kids"): b"[%d 0 R %d 0 R]" % (
            new["code-div"], new["url-div"]), number("qr-kids"): b"[%d 0 R]" % new["figure"],
        new["p"]: _element(page, "P", "name-slot", b"%d 0 R" % new["name"]),
        new["name"]: _element(page, "Span", new["p"], b"%d" % first, b"/ActualText " + text(words["name"])),
        new["code-div"]: _element(page, "Div", "verify-slot", b"%d 0 R" % new["code"]),
        new["code"]: _element(page, "Span", new["code-div"], b"%d" % (first + 1),
                              b"/ActualText " + text(words["code"])),
        new["url-div"]: _element(page, "Div", "verify-slot", b"%d 0 R" % new["url"]),
        new["url"]: _element(page, "Span", new["url-div"], b"%d" % (first + 2), b"/ActualText " + text(words["url"])),
        new["figure"]: _element(page, "Figure", "qr-slot", b"%d" % (first + 3), b"/Alt " + text(
            f"QR code for {snapshot.verify_url}") + (b" /A " + page.figure_attributes if page.figure_attributes
                                                     else b""))})
    trailer = page.trailer.replace(b"/Size %d" % size, b"/Size %d" % (size + len(new)), 1)
    return append_update(page.pdf, objects, trailer)
