"""An incremental update written as bytes: new versions of some objects appended to a finished PDF, with their own
cross-reference section and a trailer pointing back to the previous one (ISO 32000-2, 7.5.6). Nothing before it
is parsed or copied, which is what makes a drawn certificate cheap. Pure: no Flask.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping

STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def text(value: str) -> bytes:
    """A PDF text string (UTF-16BE with its byte order mark, hex-encoded: nothing to escape)."""
    return b"<feff" + value.encode("utf-16-be").hex().encode() + b">"


def ref(objgen: tuple[int, int]) -> bytes:
    """An indirect reference."""
    return b"%d %d R" % objgen


def stream(data: bytes, entries: bytes = b"") -> bytes:
    """A stream object's body: its dictionary (Length added) and data."""
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), entries, data)


def last_xref(pdf: bytes) -> int:
    """Where the file's last cross-reference section starts."""
    found = STARTXREF.search(pdf[-64:])
    if not found:
        raise ValueError("not a complete PDF file (no startxref at its end)")
    return int(found[1])


def append_update(pdf: bytes, objects: Mapping[int, bytes], trailer: bytes) -> bytes:
    """`pdf` followed by `objects` (number → body, generation 0) and a classic cross-reference section whose
    trailer has `trailer`'s entries (give /Size, /Root, and /Info if the file has one) plus /Prev and a fresh /ID."""
    previous = last_xref(pdf)
    out = [pdf if pdf.endswith(b"\n") else pdf + b"\n"]
    position, offsets = len(out[0]), {}
    for number in sorted(objects):
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
        offsets[number] = position
        out.append(chunk)
        position += len(chunk)
    out.append(b"xref\n")
    numbers = sorted(offsets)
    start = 0
    while start < len(numbers):  # one subsection per run of consecutive numbers
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        out.append(b"%d %d\n" % (numbers[start], end - start + 1))
        out.extend(b"%010d 00000 n \n" % offsets[n] for n in numbers[start:end + 1])
        start = end + 1
    file_id = b"<%s> <%s>" % (os.urandom(16).hex().encode(), os.urandom(16).hex().encode())
    out.append(b"trailer\n<< %s /Prev %d /ID [%s] >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, previous, file_id,
                                                                                 position))
    return b"".join(out)
