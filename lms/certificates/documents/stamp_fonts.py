"""Text for stamps drawn straight into a cached certificate page: the bundled fonts shaped by HarfBuzz (the shaper
Pango uses under WeasyPrint, so kerning and ligatures come out the same), lines broken where Pango allows, and each
document's font programs cut to the glyphs it draws (original glyph ids kept, so CIDs are glyph ids, as in
WeasyPrint's own subsets).

A run of text is placed like WeasyPrint places it: glyph after glyph at its shaped advance plus the letter spacing
(which also follows the last glyph). Text the bundled font has no glyph for (where Pango would fall back on another
font), right-to-left text, and clusters of several glyphs are refused (`Unsupported`): the caller renders that
certificate with WeasyPrint instead. Pure: no Flask.
"""
from __future__ import annotations

import io
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name

from lms.certificates.documents.pdf_update import stream

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
# What a document's font program keeps: outlines and metrics. Glyph names, the character map and the layout tables
# are left out (glyphs are addressed by id, and HarfBuzz has already shaped the text), and so is hinting (as
# WeasyPrint's own subsets do): the instructions are cut from each outline.
KEPT_TABLES = ("head", "hhea", "maxp", "OS/2", "hmtx", "post")


class Unsupported(ValueError):
    """The text needs something the drawn stamp does not do (a glyph the font lacks, more lines)."""


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph: its id, the text it stands for, and its advance in font units (letter spacing apart)."""

    gid: int
    text: str
    advance: int


class StampFont:
    """One bundled font: a HarfBuzz font for shaping, and its tables and outlines for embedding."""

    def __init__(self, filename: str, tag: str, *, serif: bool) -> None:
        """Parse the font once (a few milliseconds): tables, outlines, advances."""
        data = (FONTS / filename).read_bytes()
        self.hb_font = hb.Font(hb.Face(data))
        font = TTFont(io.BytesIO(data))
        head, hhea, order = font["head"], font["hhea"], font.getGlyphOrder()
        self.upem = head.unitsPerEm
        self.advances = [font["hmtx"][name][0] for name in order]
        self.tables = {tag: bytes(font.reader[tag]) for tag in KEPT_TABLES if tag in font.reader}
        post = bytearray(self.tables["post"][:32])
        post[0:4] = b"\0\3\0\0"  # version 3: no glyph names
        self.tables["post"] = bytes(post)
        metrics = bytearray(4 * len(order))  # every glyph a full metric, so a document's hmtx can be cut freely
        for gid, name in enumerate(order):
            metrics[4 * gid:4 * gid + 4] = struct.pack(">Hh", *font["hmtx"][name])
        self.metrics = bytes(metrics)
        loca, raw = list(font["loca"]), bytes(font.reader["glyf"])
        self.outlines = [unhinted(raw[loca[i]:loca[i + 1]]) for i in range(len(order))]
        scale = 1000 / self.upem
        self.name = f"{tag}+{filename.rsplit('.', 1)[0]}"
        self.descriptor = {"Flags": 4 | (2 if serif else 0), "ItalicAngle": 0, "StemV": 80,
                           "Ascent": round(hhea.ascent * scale), "Descent": round(hhea.descent * scale),
                           "CapHeight": round(hhea.ascent * scale),
                           "FontBBox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]}

    def _parts(self, gid: int) -> list[int]:
        """The glyphs a composite glyph is made of (none for a simple one)."""
        outline, parts, at = self.outlines[gid], [], 10
        if len(outline) < 10 or struct.unpack(">h", outline[:2])[0] >= 0:
            return parts
        while True:
            flags, part = struct.unpack(">HH", outline[at:at + 4])
            parts.append(part)
            at += 4 + (4 if flags & 0x0001 else 2) + (2 if flags & 0x0008 else 4 if flags & 0x0040
                                                      else 8 if flags & 0x0080 else 0)
            if not flags & 0x0020:
                return parts

    def program(self, gids: set[int]) -> bytes:
        """A TrueType program with only these glyphs' outlines (and .notdef and the parts of composites); glyph ids,
        metrics of the drawn glyphs and every other table kept. About a millisecond."""
        needed, queue = set(), [0, *gids]
        while queue:
            gid = queue.pop()
            if gid not in needed:
                needed.add(gid)
                queue.extend(self._parts(gid))
        count = max(needed) + 1  # glyphs past the last drawn one are cut off (maxp, hmtx and loca say so)
        glyf, offsets, hmtx = bytearray(), [], bytearray(4 * count)
        for gid in range(count):
            offsets.append(len(glyf))
            if gid in needed:
                outline = self.outlines[gid]
                glyf += outline + b"\0" * (-len(outline) % 4)
                hmtx[4 * gid:4 * gid + 4] = self.metrics[4 * gid:4 * gid + 4]
        offsets.append(len(glyf))
        head, hhea, maxp = (bytearray(self.tables[t]) for t in ("head", "hhea", "maxp"))
        head[8:12], head[50:52] = b"\0\0\0\0", b"\0\1"  # checksum adjustment set by sfnt(); long loca offsets
        hhea[34:36] = maxp[4:6] = struct.pack(">H", count)
        tables = {**self.tables, "head": bytes(head), "hhea": bytes(hhea), "maxp": bytes(maxp), "hmtx": bytes(hmtx),
                  "glyf": bytes(glyf), "loca": struct.pack(f">{len(offsets)}I", *offsets)}
        return sfnt(tables)

    def shape(self, text: str) -> list[Glyph]:
        """The glyphs HarfBuzz picks for `text` (default features, as Pango asks), or Unsupported."""
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        if buffer.direction != "ltr":
            raise Unsupported(f"{text!r} is not written left to right")
        hb.shape(self.hb_font, buffer, {})
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        clusters = [info.cluster for info in infos]
        if len(set(clusters)) != len(clusters) or clusters != sorted(clusters):
            raise Unsupported(f"{text!r} has clusters of several glyphs")
        ends = [*clusters[1:], len(text)]
        glyphs = []
        for info, position, end in zip(infos, positions, ends, strict=True):
            if info.codepoint == 0 or position.x_offset or position.y_offset:
                raise Unsupported(f"no drawn glyph for {text!r}")
            glyphs.append(Glyph(info.codepoint, text[info.cluster:end], position.x_advance))
        return glyphs

    def width(self, glyphs: list[Glyph], size: float, spacing: float = 0.0) -> float:
        """Width of a run in the page's units (`size` is the font size in them)."""
        return sum(g.advance * size / self.upem + spacing for g in glyphs)

    def embed(self, pdf: pikepdf.Pdf) -> Dictionary:
        """A Type0 font (Identity-H, CIDs = glyph ids) whose widths, ToUnicode and program (here .notdef alone) are
        indirect objects of their own, for each document to replace with `document_objects`."""
        notdef = self.program(set())
        program = pdf.make_stream(notdef, Length1=len(notdef))
        descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name("/" + self.name), **{
            k: (Array(v) if isinstance(v, list) else v) for k, v in self.descriptor.items()})
        descriptor.FontFile2 = program
        cid = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/" + self.name),
                         CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"),
                                                  Ordering=pikepdf.String("Identity"), Supplement=0),
                         FontDescriptor=pdf.make_indirect(descriptor), CIDToGIDMap=Name.Identity,
                         W=pdf.make_indirect(Array()))
        return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + self.name),
                                            Encoding=Name("/Identity-H"), ToUnicode=pdf.make_stream(to_unicode({})),
                                            DescendantFonts=Array([pdf.make_indirect(cid)])))

    def document_objects(self, glyphs: list[Glyph]) -> tuple[bytes, bytes, bytes]:
        """Bodies of the widths array, the ToUnicode CMap and the font program for exactly these glyphs."""
        used: dict[int, str] = {}
        for glyph in glyphs:
            used.setdefault(glyph.gid, glyph.text)
        scale = 1000 / self.upem
        widths = b"[" + b" ".join(b"%d [%s]" % (gid, f"{self.advances[gid] * scale:.3f}".rstrip("0").rstrip(".")
                                                .encode()) for gid in sorted(used)) + b"]"
        program = self.program(set(used))
        return (widths, stream(zlib.compress(to_unicode(used), 6), b"/Filter /FlateDecode "),
                stream(zlib.compress(program, 6), b"/Length1 %d /Filter /FlateDecode " % len(program)))


def unhinted(outline: bytes) -> bytes:
    """A glyf entry without its TrueType instructions."""
    if len(outline) < 10:
        return outline
    contours = struct.unpack(">h", outline[:2])[0]
    if contours >= 0:
        at = 10 + 2 * contours
        length = struct.unpack(">H", outline[at:at + 2])[0]
        return outline[:at] + b"\0\0" + outline[at + 2 + length:]
    out, at = bytearray(outline[:10]), 10
    while True:
        flags = struct.unpack(">H", outline[at:at + 2])[0]
        size = 4 + (4 if flags & 0x0001 else 2) + (2 if flags & 0x0008 else 4 if flags & 0x0040
                                                   else 8 if flags & 0x0080 else 0)
        out += struct.pack(">H", flags & ~0x0100) + outline[at + 2:at + size]
        at += size
        if not flags & 0x0020:
            return bytes(out)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def sfnt(tables: dict[str, bytes]) -> bytes:
    """A TrueType file from its tables (sorted directory, checksums, head's checksum adjustment)."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    offset, directory, body = 12 + 16 * count, [], []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset, len(data)))
        body.append(data + b"\0" * (-len(data) % 4))
        offset += len(body[-1])
    font = bytearray(header + b"".join(directory) + b"".join(body))
    at = 12 + 16 * count + sum(len(b) for t, b in zip(tags, body, strict=True) if t < "head")
    font[at + 8:at + 12] = struct.pack(">I", (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def to_unicode(used: dict[int, str]) -> bytes:
    """A ToUnicode CMap for two-byte glyph ids (a ligature maps to all its letters)."""
    lines = [f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>" for gid, text in sorted(used.items())]
    chunks = [lines[i:i + 100] for i in range(0, len(lines), 100)]
    body = "".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n" for chunk in chunks)
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<< /Registry (Adobe)\n"
            "/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n" + body +
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("ascii")


def break_points(text: str) -> list[bool]:
    """Where Pango allows a line break before each character (WeasyPrint's own call into Pango)."""
    from weasyprint.text.line_break import get_log_attrs

    attrs = get_log_attrs(text, None)
    return [bool(attrs[i].is_line_break) for i in range(len(text))]


def lines(font: StampFont, text: str, size: float, max_width: float, spacing: float = 0.0) -> list[list[Glyph]]:
    """`text` broken into lines as Pango breaks it: each line the longest one that fits and ends at an allowed
    break (or one that cannot be broken, left overflowing); spaces at a break are dropped."""
    allowed, out, start = break_points(text), [], 0
    while start < len(text):
        rest = text[start:]
        if font.width(font.shape(rest), size, spacing) <= max_width:
            out.append(font.shape(rest))
            break
        cut = None
        for end in range(len(text) - 1, start, -1):
            if allowed[end] and font.width(font.shape(text[start:end].rstrip(" ")), size, spacing) <= max_width:
                cut = end
                break
        if cut is None:
            raise Unsupported(f"{rest!r} does not fit its line")
        out.append(font.shape(text[start:cut].rstrip(" ")))
        start = cut
    return out


_fonts: dict[str, StampFont] = {}
_lock = threading.Lock()
FACES = {"name": ("DejaVuSerif-Bold.ttf", "CDCPNB", True), "code": ("DejaVuSans-Bold.ttf", "CDCPCB", False),
         "url": ("DejaVuSans.ttf", "CDCPUR", False)}


def stamp_font(role: str) -> StampFont:
    """The process's font for a stamp role (name, code, url), made on first use."""
    with _lock:
        if role not in _fonts:
            filename, tag, serif = FACES[role]
            _fonts[role] = StampFont(filename, tag, serif=serif)
        return _fonts[role]
