"""What a probe stamp laid out by WeasyPrint says about a program page's learner slots: for the name, the code and
the verify address, the font size, colour, baselines, letter spacing and anchor (centre or right edge), and the QR
code's box and tag attributes; with the check that stamp_fonts.py lays the probe's own lines out exactly where
WeasyPrint did (to a hundredth of a pixel), without which a page is never drawn. Pure: no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from lms.certificates.documents.snapshot import CertificateSnapshot
from lms.certificates.documents.stamp_fonts import Glyph, StampFont, Unsupported, lines, stamp_font

TOLERANCE = 0.01  # px: how far a probe line may sit from where this module would put it


@dataclass(frozen=True)
class Run:
    """Where one role's text goes: font size, fill colour, first baseline, line step, letter spacing, anchor."""

    size: float
    color: tuple[float, ...]
    baseline: float
    step: float | None  # distance to the next line's baseline; None when the probe had one line
    spacing: float
    anchor: float  # the line's centre (name) or right edge (code, address)
    width: float  # the slot's width
    centred: bool

    def start(self, font: StampFont, line: list[Glyph]) -> float:
        """Where a line of this run begins."""
        width = font.width(line, self.size, self.spacing)
        return self.anchor - width / 2 if self.centred else self.anchor - width


def probe_runs(pdf: pikepdf.Pdf) -> tuple[dict[str, list[tuple[float, float, float, tuple, list]]], list, Any]:
    """From a probe stamp page: for each role, its text lines as (x, y, size, colour, glyph ids); the page's
    leading transforms; the QR Figure's attributes."""
    page, fonts, found = pdf.pages[0], {}, {"name": [], "code": [], "url": []}
    for key, font in page.Resources.Font.items():
        base = str(font.BaseFont)
        fonts[key] = ("name" if "Serif-Bold" in base else "code" if "Sans-Bold" in base
                      else "url" if "Sans" in base else None)
    transforms, color, x = [], (0.0, 0.0, 0.0), None
    for op in pikepdf.parse_content_stream(page):
        name = str(op.operator)
        if name == "cm" and len(transforms) < 2 and x is None:
            transforms.append([float(v) for v in op.operands])
        elif name == "rg":
            color = tuple(float(v) for v in op.operands)
        elif name == "Tm":
            x, y = float(op.operands[4]), float(op.operands[5])
        elif name == "Tf":
            role, size = fonts.get(str(op.operands[0])), float(op.operands[1])
        elif name == "TJ" and role:
            gids = [int.from_bytes(bytes(item)[i:i + 2], "big") for item in op.operands[0]
                    if isinstance(item, pikepdf.String) for i in range(0, len(bytes(item)), 2)]
            if gids:
                lines_of = found[role]
                if lines_of and abs(lines_of[-1][1] - y) < TOLERANCE:
                    lines_of[-1][4].extend(gids)
                else:
                    lines_of.append((x, y, size, color, gids))
    figures = [e for e in _walk(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
    return found, transforms, figures[0].get("/A") if figures else None


def _walk(element: Any):
    kids = element.get("/K")
    for kid in (list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []):
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from _walk(kid)


def box(style: str) -> tuple[float, float, float, float]:
    values = dict(part.split(":") for part in style.split(";"))
    return tuple(float(values[k].removesuffix("px")) for k in ("left", "top", "width", "height"))


def texts(snapshot: CertificateSnapshot) -> dict[str, str]:
    return {"name": snapshot.learner_name, "code": snapshot.short_code, "url": snapshot.verify_url}


def measure(probe: dict, snapshot: CertificateSnapshot, boxes: dict[str, str]) -> dict[str, Run] | None:
    """The runs, if this module lays out the probe's lines exactly as WeasyPrint did, else None."""
    runs = {}
    for role, slot, centred in (("name", "slot-learner", True), ("code", "slot-verify", False),
                                ("url", "slot-verify", False)):
        found = probe[role]
        if not found:
            return None
        left, _, width, _ = box(boxes[slot])
        anchor = left + width / 2 if centred else left + width
        font, (x, y, size, color, _) = stamp_font(role), found[0]
        try:
            shaped = lines(font, texts(snapshot)[role], size, width)
        except Unsupported:
            return None
        natural = font.width(shaped[0], size)
        spacing = 0.0 if centred else (anchor - x - natural) / len(shaped[0])
        step = found[1][1] - y if len(found) > 1 else None
        run = Run(size, color, y, step, spacing, anchor, width, centred)
        if spacing:
            shaped = lines(font, texts(snapshot)[role], size, width, spacing)
        if len(shaped) != len(found) or any(
                [g.gid for g in line] != gids or abs(run.start(font, line) - lx) > TOLERANCE
                or abs(y + i * (step or 0) - ly) > TOLERANCE
                for i, (line, (lx, ly, _, _, gids)) in enumerate(zip(shaped, found, strict=True))):
            return None
        runs[role] = run
    return runs


def plain(value: Any) -> Any:
    """A direct PDF value of the probe as Python values, to rebuild in each certificate."""
    if isinstance(value, Dictionary):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Array):
        return [plain(v) for v in value]
    return str(value) if isinstance(value, Name) else float(value) if isinstance(value, (int, float)) or \
        type(value).__name__ == "Decimal" else value


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
