"""Markdown to sanitized HTML: Python-Markdown renders, nh3 sanitizes against an allow-list. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "b", "i",
    "code", "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "div", "span",
    "abbr", "nav", "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "sup": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "img": {"src", "alt"},
}
# The only images a lesson may show: those uploaded in the editor (served by this site under generated names).
IMAGE_SRC = re.compile(r"^/content-images/[0-9a-f]{32}\.(png|jpg)$")
CALLOUT_KINDS = {"officer", "clinician", "cps", "quickref", "note", "tip", "warning", "local-resources"}
ALLOWED_CLASSES = {
    "div": {"admonition", "footnote", "toc", *CALLOUT_KINDS},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_TOC_MIN_HEADINGS = 3


@dataclass(frozen=True)
class Rendered:
    """Sanitized body HTML, the table of contents (empty when short) and the h2 count."""

    html: str
    toc_html: str
    headings: int


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """An image's src survives only when it names an uploaded image."""
    if element == "img" and attribute == "src" and not IMAGE_SRC.match(value):
        return None
    return value


_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def sanitize(html: str) -> str:
    """Keep only allow-listed tags, attributes, classes and URL schemes (images: only uploaded ones)."""
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, allowed_classes=ALLOWED_CLASSES,
                      url_schemes=URL_SCHEMES, link_rel="noopener noreferrer", strip_comments=True,
                      attribute_filter=_attribute)
    return _IMG_WITHOUT_SRC.sub("", clean) if "<img" in clean else clean


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "footnotes", "toc", "admonition", "sane_lists", "def_list", "abbr"],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "footnotes": {"BACKLINK_TITLE": "Back to the text", "SUPERSCRIPT_TEXT": "{}"},
            "toc": {"toc_depth": "2-3", "permalink": False},
        },
        output_format="html")


def render_markdown(text: str) -> Rendered:
    """Render trainer markdown to sanitized HTML; raw HTML in the source never survives."""
    md = _markdown()
    html = md.convert(text)
    headings = html.count("<h2")
    toc = sanitize(md.toc) if headings >= _TOC_MIN_HEADINGS else ""
    return Rendered(html=sanitize(html), toc_html=toc, headings=headings)


_URL = re.compile(r"(?<![<(])(https?://[^\s<>]+?)([.,;)]?)(?=\s|$)")


def citation_markdown(text: str) -> str:
    """Citation text with bare URLs turned into links, on one line (for a footnote definition)."""
    return _URL.sub(r"<\1>\2", " ".join(text.split()))


@lru_cache(maxsize=4096)
def render_snippet(text: str) -> str:
    """Sanitized HTML of a short markdown text (quiz prompts and feedback), cached: the same text renders the same."""
    return render_markdown(text).html
