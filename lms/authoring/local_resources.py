"""A center's local resource directory rendered into the `local-resources` call-out boxes of a lesson. Pure."""
from __future__ import annotations

import re
from urllib.parse import urlparse

from markupsafe import Markup, escape

_BOX_TITLE = re.compile(r'(<div class="admonition local-resources">\s*<p class="admonition-title">.*?</p>)', re.S)
_PHONE = re.compile(r"[^0-9+]")


def entry_html(entry) -> Markup:
    """One agency as a list item: name, kind, a tel: link, website (http/https only), hours, languages, who."""
    parts = [Markup("<strong>{}</strong>").format(entry.name)]
    if entry.kind:
        parts.append(Markup(" ({})").format(entry.kind))
    digits = _PHONE.sub("", entry.phone or "")
    if digits:
        parts.append(Markup(': <a href="tel:{}">{}</a>').format(digits, entry.phone))
    if entry.website and urlparse(entry.website).scheme in ("http", "https"):
        parts.append(Markup(' · <a href="{}">website</a>').format(entry.website))
    details = [text for text in (entry.address, entry.hours and f"Hours: {entry.hours}",
                                 entry.languages and f"Languages: {entry.languages}",
                                 entry.serves and f"Serves: {entry.serves}",
                                 "Answers after hours" if entry.after_hours else "") if text]
    if details:
        parts.append(Markup("<br>") + Markup("; ").join(escape(d) for d in details))
    return Markup("<li>") + Markup("").join(parts) + Markup("</li>")


def with_local_resources(html: str, entries: list) -> str:
    """The lesson HTML with the center's entries at the top of each local-resources box (the national lines
    written in the lesson stay after them); unchanged when there are no entries or no box."""
    if not entries:
        return html
    block = Markup('<ul class="local-directory">') + Markup("").join(entry_html(e) for e in entries) + \
        Markup("</ul>")
    return _BOX_TITLE.sub(lambda m: m.group(1) + str(block), html)
