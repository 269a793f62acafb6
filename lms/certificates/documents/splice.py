"""Stack a cached base page and a per-learner stamp page into one stand-alone PDF by splicing objects.

WeasyPrint hands its PDF objects to a finisher before writing them; we keep them (serialised once)
instead of a file. Each page becomes a form XObject carrying its own resources, so names never clash;
objects are renumbered by rewriting references in their dictionaries only (stream bodies are copied as
compressed bytes). Only the XObjects a stamp page draws are copied, so one learner's file never carries
another learner's QR code.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pydyf

CREATOR = "CD-CP LMS certificates (WeasyPrint, pyHanko)"
FIRST_FREE = 8  # 1 catalog, 2 pages, 3 page, 4 page content, 5 info, 6 base form, 7 stamp form
DRAW_BOTH = b"q /Base Do Q q /Stamp Do Q"
# A reference, or a string (skipped, so text that looks like "1 0 R" is never rewritten).
TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|(?<![\w.#+-])(\d+) 0 R(?![\w#])")
DRAWN = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


def _bytes(item: Any) -> bytes:
    return item if isinstance(item, bytes) else item.data if isinstance(item, pydyf.Object) else str(item).encode()


def references(head: bytes) -> list[int]:
    """Object numbers referenced in a dictionary or array (strings ignored)."""
    return [int(m[1]) for m in TOKEN.finditer(head) if m[1] is not None]


def renumber(head: bytes, numbers: Mapping[int, int]) -> bytes:
    """`head` with every reference n 0 R replaced by numbers[n] 0 R."""
    return TOKEN.sub(lambda m: m[0] if m[1] is None else b"%d 0 R" % numbers[int(m[1])], head)


class CapturedPdf:
    """The objects of one WeasyPrint document, serialised lazily and at most once each."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        """Keep the pydyf objects of a document WeasyPrint has painted but not yet written."""
        self.objects = {o.number: o for o in pdf.objects if o.number and o.free == "n"}
        self.pages = [int(number) for number in pdf.pages["Kids"][0::3]]  # Kids is [n, 0, "R", ...]
        self._parts: dict[int, tuple[bytes, bytes]] = {}

    def parts(self, number: int) -> tuple[bytes, bytes]:
        """(dictionary or whole object, stream tail or b"") of one object."""
        if number not in self._parts:
            data = self.objects[number].data
            cut = data.find(b"\nstream\n") if isinstance(self.objects[number], pydyf.Stream) else -1
            self._parts[number] = (data, b"") if cut < 0 else (data[:cut], data[cut:])
        return self._parts[number]

    def closure(self, heads: Iterable[bytes]) -> list[int]:
        """Every object reachable from references in `heads`, in discovery order."""
        seen: dict[int, None] = {}
        queue = [n for head in heads for n in references(head)]
        while queue:
            number = queue.pop(0)
            if number not in seen:
                seen[number] = None
                queue.extend(references(self.parts(number)[0]))
        return list(seen)

    def page_form(self, index: int, drawn_only: bool) -> tuple[bytes, bytes, bytes]:
        """(resources dictionary, content stream dictionary, content stream tail) of page `index`,
        references still in this document's numbering; optionally only the XObjects the page draws."""
        page = self.objects[self.pages[index]]
        content = self.objects[int(page["Contents"].split()[0])]
        resources = self.objects[int(page["Resources"].split()[0])]
        if drawn_only and resources.get("XObject"):
            drawn = set(DRAWN.findall(b"\n".join(_bytes(item) for item in content.stream)))
            resources = pydyf.Dictionary(resources)
            resources["XObject"] = pydyf.Dictionary(
                {k: v for k, v in resources["XObject"].items() if k.encode() in drawn})
        head, tail = self.parts(content.number)
        return resources.data, head, tail

    def media_box(self, index: int) -> bytes:
        """The MediaBox array of page `index`."""
        return _bytes(self.objects[self.pages[index]]["MediaBox"])


def _form(media_box: bytes, resources: bytes, head: bytes, tail: bytes) -> bytes:
    """A form XObject drawing a page: the page's content stream dictionary plus form entries."""
    return b"<</Type /XObject /Subtype /Form /BBox " + media_box + b" /Resources " + resources + head[2:] + tail


@dataclass(frozen=True)
class SplicedPage:
    """A page serialised as a form XObject plus the objects it needs, numbered from `start`."""

    form: bytes
    bodies: tuple[tuple[int, bytes], ...]
    next_free: int
    media_box: bytes


def splice_page(captured: CapturedPdf, index: int, start: int, *, drawn_only: bool = False) -> SplicedPage:
    """Page `index` of `captured` as a form XObject, its objects renumbered from `start`."""
    resources, head, tail = captured.page_form(index, drawn_only)
    needed = captured.closure([resources, head])
    numbers = {old: start + i for i, old in enumerate(needed)}
    bodies = tuple((numbers[old], renumber(captured.parts(old)[0], numbers) + captured.parts(old)[1])
                   for old in needed)
    media_box = captured.media_box(index)
    form = _form(media_box, renumber(resources, numbers), renumber(head, numbers), tail)
    return SplicedPage(form, bodies, start + len(needed), media_box)


def _text(value: str) -> bytes:
    return pydyf.String(value).data


def stack_pages(base: SplicedPage, stamps: CapturedPdf, index: int, *, meta: Mapping[str, str],
                created: datetime | None = None) -> bytes:
    """One PDF whose only page draws the base page, then stamp page `index` over it."""
    stamp = splice_page(stamps, index, base.next_free, drawn_only=True)
    when = (created or datetime.now(UTC)).strftime("D:%Y%m%d%H%M%SZ")
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
        (5, info), (6, base.form), (7, stamp.form), *base.bodies, *stamp.bodies,
    ]
    return write_file(objects)


def write_file(objects: list[tuple[int, bytes]]) -> bytes:
    """A complete PDF from numbered object bodies (catalog 1, info 5), with a classic xref table."""
    objects.sort(key=lambda item: item[0])
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
