"""Affidavit of attendance for one instructor-led session (pure: no Flask, no database): the facts, validated,
and a tagged PDF/A page rendered with the certificates' renderer (same fetcher, fonts and time bound)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from weasyprint import CSS, HTML

from lms.certificates.documents.render import TEMPLATES, Renderer, seal_data_uri, tagged_pdf, time_bound
from lms.certificates.documents.snapshot import MAX_TEXT, SnapshotError, hours_number

MAX_ATTENDEES = 1000  # a session's capacity is at most 1000


@dataclass(frozen=True)
class Attendee:
    """One person who attended, with the hours credited and the minutes missed."""

    name: str
    discipline: str
    agency: str
    hours: Decimal
    late_minutes: int = 0
    early_minutes: int = 0

    @property
    def partial(self) -> bool:
        """True when the attendee missed part of the session."""
        return bool(self.late_minutes or self.early_minutes)

    @property
    def note(self) -> str:
        """'arrived 30 min late; left 15 min early', or ''."""
        parts = ([f"arrived {self.late_minutes} min late"] if self.late_minutes else []) + (
            [f"left {self.early_minutes} min early"] if self.early_minutes else [])
        return "; ".join(parts)


@dataclass(frozen=True)
class Affidavit:
    """What an affidavit of attendance states."""

    center_name: str
    center_region: str
    title: str
    series: str
    held_on: date
    time_range: str  # "6:00 PM – 8:00 PM EST", in the center's time zone
    place: str
    hours: Decimal  # hours credited for the whole session
    attendees: tuple[Attendee, ...]
    signatory_name: str
    signatory_title: str
    issued_on: date
    reference: str  # e.g. "SESSION-42": lets a board quote which affidavit it holds

    def __post_init__(self) -> None:
        """Every required text present and bounded; at most MAX_ATTENDEES lines."""
        for name in ("center_name", "title", "signatory_name", "signatory_title", "reference", "time_range"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise SnapshotError(f"{name}: must not be empty")
        for name in ("center_name", "center_region", "title", "series", "place", "signatory_name"):
            if len(getattr(self, name)) > MAX_TEXT:
                raise SnapshotError(f"{name}: longer than {MAX_TEXT} characters")
        if len(self.attendees) > MAX_ATTENDEES:
            raise SnapshotError(f"attendees: more than {MAX_ATTENDEES}")

    @property
    def total_hours(self) -> str:
        """Hours credited to all attendees together."""
        return hours_number(sum((a.hours for a in self.attendees), Decimal(0)))


def _day(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def affidavit_html(renderer: Renderer, affidavit: Affidavit) -> str:
    """The affidavit page as HTML (autoescaped template)."""
    return renderer.env.get_template("affidavit.html").render(
        f=affidavit, held_on=_day(affidavit.held_on), issued_on=_day(affidavit.issued_on),
        hours=hours_number(affidavit.hours), hours_of=hours_number, seal=seal_data_uri())


def render_affidavit(renderer: Renderer, affidavit: Affidavit) -> bytes:
    """An unsigned tagged PDF/A-4 of the affidavit, under the renderer's lock and time bound."""
    html = affidavit_html(renderer, affidavit)
    css = CSS(string=(TEMPLATES / "affidavit.css").read_text(encoding="utf-8"), url_fetcher=renderer.fetcher,
              font_config=renderer.font_config)
    with renderer._lock, time_bound(renderer.timeout):  # noqa: SLF001  (the renderer's own serialisation)
        document = HTML(string=html, url_fetcher=renderer.fetcher).render(stylesheets=[css],
                                                                           font_config=renderer.font_config)
        return tagged_pdf(document)
