"""Images uploaded in the editor: the type is decided by decoding the content with Pillow (never by the name or
the browser's claim), the pixels are re-encoded so no metadata (EXIF, GPS, comments) survives, and the name is
generated. Pure: bytes in, clean bytes out."""
from __future__ import annotations

import io
import re
import secrets
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 1536 * 1024  # requests are capped at 2 MB
MAX_PIXELS = 4096 * 4096
MAX_ALT = 300
# Decoded format -> (stored format, content type, extension)
FORMATS = {"PNG": ("PNG", "image/png", "png"), "JPEG": ("JPEG", "image/jpeg", "jpg"),
           "WEBP": ("PNG", "image/png", "png"), "GIF": ("PNG", "image/png", "png")}
NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg)$")
URL_PREFIX = "/content-images/"


class ImageRefused(ValueError):
    """The upload is not an image we accept; the message says why."""


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image ready to store."""

    name: str
    content_type: str
    data: bytes
    width: int
    height: int


def clean_image(data: bytes) -> CleanImage:
    """Decode, check and re-encode an uploaded image; ImageRefused when it is not a PNG, JPEG, WebP or GIF of
    reasonable size."""
    if not data:
        raise ImageRefused("the file is empty")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(f"the image is larger than {MAX_IMAGE_BYTES // 1024:,} KB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                if kind not in FORMATS:
                    raise ImageRefused(f"a {kind or 'file of this kind'} is not accepted; use PNG, JPEG, WebP or GIF")
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ImageRefused(f"the image is {width}x{height} pixels; at most {MAX_PIXELS:,} pixels")
                probe.seek(0)
                image = ImageOps.exif_transpose(probe.convert("RGBA" if probe.mode in ("P", "LA", "RGBA")
                                                              and kind != "JPEG" else "RGB"))
    except ImageRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            ValueError, SyntaxError, EOFError) as exc:
        raise ImageRefused(f"the file is not a readable image ({type(exc).__name__})") from None
    stored, content_type, extension = FORMATS[kind]
    out = io.BytesIO()
    image.info.clear()  # nothing of the original's metadata is written back
    image.save(out, stored, **({"quality": 85, "optimize": True} if stored == "JPEG" else {"optimize": True}))
    return CleanImage(f"{secrets.token_hex(16)}.{extension}", content_type, out.getvalue(), *image.size)


def check_alt(alt: str) -> str:
    """The alt text, trimmed; ImageRefused when missing, too long or holding markdown brackets."""
    alt = " ".join((alt or "").split())
    if not alt:
        raise ImageRefused("say what the image shows in the alt text (screen readers read it aloud)")
    if len(alt) > MAX_ALT:
        raise ImageRefused(f"the alt text is at most {MAX_ALT} characters")
    if any(ch in alt for ch in "[]()\\\x00"):
        raise ImageRefused("the alt text cannot hold brackets, parentheses or backslashes")
    return alt


def markdown_for(name: str, alt: str) -> str:
    """The markdown that shows the image in a lesson."""
    return f"![{alt}]({URL_PREFIX}{name})"
