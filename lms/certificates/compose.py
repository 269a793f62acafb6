"""Stack a cached base page and a per-learner stamp page into one stand-alone PDF by splicing objects.

Each page becomes a form XObject carrying its own resources, so names never clash. Objects are copied
as already-encoded bytes and renumbered; what is shared (a program's base page, a batch's fonts) is
serialised once and reused, which is what makes bulk issuing cheap. Only the XObjects a stamp page
actually draws are copied, so one learner's file never carries another learner's QR code.
"""
from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

CREATOR = "CD-CP LMS certificates (WeasyPrint, pyHanko)"
FIRST_FREE = 8  # 1 catalog, 2 pages, 3 page, 4 page content, 5 info, 6 base form, 7 stamp form
DRAW_BOTH = b"q /Base Do Q q /Stamp Do Q"
DRAWN_XOBJECT = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


def read_pdf(data: bytes) -> PdfFileReader:
    """A pyHanko reader over PDF bytes (parsed lazily, reusable for many pages)."""
    return PdfFileReader(io.BytesIO(data), strict=True)


class Splicer:
    """Serialises objects reachable from chosen roots, renumbering indirect references from `start`."""

    def __init__(self, start: int, known: Mapping[int, int] | None = None) -> None:
        """`known` maps source object numbers already emitted elsewhere to their output numbers."""
        self.next = start
        self.numbers: dict[int, int] = dict(known or {})
        self.bodies: list[tuple[int, bytes]] = []
        self._pending: list[generic.IndirectObject] = []

    def dump(self, obj: generic.PdfObject) -> bytes:
        """One object as PDF syntax; referenced objects are queued for emit()."""
        if isinstance(obj, generic.IndirectObject):
            if obj.idnum not in self.numbers:
                self.numbers[obj.idnum] = self.next
                self.next += 1
                self._pending.append(obj)
            return b"%d 0 R" % self.numbers[obj.idnum]
        if isinstance(obj, generic.StreamObject):
            data = obj.encoded_data
            head = {k: v for k, v in dict.items(obj) if k != "/Length"}
            head["/Length"] = generic.NumberObject(len(data))
            return self._dict(head.items()) + b"\nstream\n" + data + b"\nendstream"
        if isinstance(obj, generic.DictionaryObject):
            return self._dict(dict.items(obj))
        if isinstance(obj, generic.ArrayObject):
            return b"[" + b" ".join(self.dump(item) for item in list.__iter__(obj)) + b"]"
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        return buffer.getvalue()

    def _dict(self, items: Iterable[tuple[str, generic.PdfObject]]) -> bytes:
        return b"<<" + b"".join(self.dump(generic.NameObject(k)) + b" " + self.dump(v) + b"\n"
                                for k, v in items) + b">>"

    def emit(self) -> list[tuple[int, bytes]]:
        """Serialise every queued object (and what they reference); returns all bodies so far."""
        while self._pending:
            ref = self._pending.pop(0)
            self.bodies.append((self.numbers[ref.idnum], self.dump(ref.get_object())))
        return self.bodies


def page_parts(reader: PdfFileReader, index: int) -> tuple[generic.DictionaryObject, generic.StreamObject]:
    """A page's dictionary and its (single) content stream."""
    page = reader.root["/Pages"]["/Kids"][index].get_object()
    contents = page["/Contents"]
    if not isinstance(contents, generic.StreamObject):
        raise ValueError("only pages with a single content stream can be stacked")
    return page, contents


@dataclass(frozen=True)
class SplicedBase:
    """A base page serialised once: object bodies numbered from FIRST_FREE, its form XObject body."""

    bodies: tuple[tuple[int, bytes], ...]
    form: bytes
    media_box: bytes
    next_free: int


def splice_base(reader: PdfFileReader) -> SplicedBase:
    """Serialise page 0 of `reader` as form XObject 6 plus the objects it needs."""
    page, content = page_parts(reader, 0)
    splicer = Splicer(FIRST_FREE)
    form = _form(splicer, page, content, dict.items(page["/Resources"]))
    return SplicedBase(tuple(splicer.emit()), form, splicer.dump(page["/MediaBox"]), splicer.next)


class SplicedStamps:
    """The pages of one stamp document; resources they share are serialised once per numbering start."""

    def __init__(self, reader: PdfFileReader) -> None:
        """Wrap a reader over the batch's stamp document."""
        self.reader = reader
        self._shared: dict[int, Splicer] = {}

    def page(self, index: int, start: int) -> tuple[list[tuple[int, bytes]], bytes]:
        """Object bodies and the form XObject body for stamp page `index`, numbered from `start`."""
        page, content = page_parts(self.reader, index)
        resources = page["/Resources"]
        if start not in self._shared:
            shared = Splicer(start)
            for key, value in dict.items(resources):
                if key != "/XObject":
                    shared.dump(value)
            shared.emit()
            self._shared[start] = shared
        shared = self._shared[start]
        own = Splicer(shared.next, shared.numbers)
        drawn = {name.decode("latin-1") for name in DRAWN_XOBJECT.findall(content.data)}
        items = [(k, v) for k, v in dict.items(resources) if k != "/XObject"]
        xobjects = resources["/XObject"] if "/XObject" in resources else generic.DictionaryObject()
        items.append(("/XObject", generic.DictionaryObject(
            {k: v for k, v in dict.items(xobjects) if k[1:] in drawn})))
        form = _form(own, page, content, items)
        return shared.bodies + own.emit(), form


def _form(splicer: Splicer, page: generic.DictionaryObject, content: generic.StreamObject,
          resources: Iterable[tuple[str, generic.PdfObject]]) -> bytes:
    """A form XObject drawing `page`: its content stream, still encoded, with the given resources."""
    items = [(k, v) for k, v in dict.items(content) if k in ("/Filter", "/DecodeParms")]
    items += [("/Type", generic.NameObject("/XObject")), ("/Subtype", generic.NameObject("/Form")),
              ("/BBox", page["/MediaBox"]), ("/Resources", generic.DictionaryObject(dict(resources)))]
    return splicer.dump(generic.StreamObject(dict(items), encoded_data=content.encoded_data))


def _text(value: str) -> bytes:
    buffer = io.BytesIO()
    generic.pdf_string(value).write_to_stream(buffer)
    return buffer.getvalue()


def stack_pages(base: SplicedBase, stamps: SplicedStamps, index: int, *, meta: Mapping[str, str],
                created: datetime | None = None) -> bytes:
    """One PDF whose only page draws the base page, then stamp page `index` over it."""
    stamp_bodies, stamp_form = stamps.page(index, base.next_free)
    when = (created or datetime.now(timezone.utc)).strftime("D:%Y%m%d%H%M%SZ")
    info = b"<</Title %s /Author %s /Subject %s /Creator %s /Producer %s /CreationDate %s>>" % (
        _text(meta.get("title", "")), _text(meta.get("author", "")), _text(meta.get("subject", "")),
        _text(CREATOR), _text(CREATOR), _text(when))
    objects = [
        (1, b"<</Type /Catalog /Pages 2 0 R /Lang %s /ViewerPreferences <</DisplayDocTitle true>>>>"
         % _text(meta.get("lang", "en"))),
        (2, b"<</Type /Pages /Kids [3 0 R] /Count 1>>"),
        (3, b"<</Type /Page /Parent 2 0 R /MediaBox %s /Resources <</XObject <</Base 6 0 R /Stamp 7 0 R>>>>"
            b" /Contents 4 0 R>>" % base.media_box),
        (4, b"<</Length %d>>\nstream\n%s\nendstream" % (len(DRAW_BOTH), DRAW_BOTH)),
        (5, info), (6, base.form), (7, stamp_form), *base.bodies, *stamp_bodies,
    ]
    return write_file(objects)


def write_file(objects: list[tuple[int, bytes]]) -> bytes:
    """A complete PDF from numbered object bodies (catalog 1, info 5), with a classic xref table."""
    objects.sort()
    if [number for number, _ in objects] != list(range(1, len(objects) + 1)):
        raise ValueError("object numbers must run 1..n without gaps")
    out = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    position, offsets = len(out[0]), []
    for number, body in objects:
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
        offsets.append(position)
        out.append(chunk)
        position += len(chunk)
    out.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.append(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    file_id = os.urandom(16).hex().encode()
    out.append(b"trailer\n<</Size %d /Root 1 0 R /Info 5 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n"
               % (len(objects) + 1, file_id, file_id, position))
    return b"".join(out)
