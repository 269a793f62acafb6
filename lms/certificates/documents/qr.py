"""QR codes of verification URLs, as data: URIs the PDF fetcher accepts."""
from __future__ import annotations

import segno

INK = "#1b2a4a"
# One fixed data mask (any of the eight is valid; a reader takes it from the format bits): segno's search for the
# best mask scores all eight and took about two thirds of a QR code's time, some 30 ms of a certificate issued
# on demand.
MASK = 0


def qr_data_uri(url: str, *, kind: str = "svg") -> str:
    """A QR code of `url` (error correction M, quiet zone left to the layout) as a data: URI."""
    code = segno.make(url, error="m", micro=False, mask=MASK)
    if kind == "svg":
        # Vector: crisp at any zoom, and a scanner reads it from a print-out.
        return code.svg_data_uri(scale=4, border=0, dark=INK, svgclass=None, lineclass=None)
    if kind == "png":
        # One pixel per module; the CSS sets image-rendering: pixelated so it prints crisp at any size.
        return code.png_data_uri(scale=1, border=0, dark=INK)
    raise ValueError(f"kind: expected 'svg' or 'png', got {kind!r}")

