"""ICS calendar feeds of sessions (icalendar), and the unguessable feed tokens that name them."""
from __future__ import annotations

from datetime import UTC

from flask import current_app
from icalendar import Calendar, Event
from itsdangerous import BadSignature, URLSafeSerializer

from lms.practicum.models import LiveSession


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="session-calendar")


def feed_token(*, user_id: int | None = None, cohort_id: int | None = None) -> str:
    """A token naming a learner's or a cohort's feed (calendar apps fetch without signing in)."""
    return _serializer().dumps({"u": user_id} if user_id else {"c": cohort_id})


def read_feed_token(token: str) -> dict | None:
    """{"u": id} or {"c": id}, or None for a token this site did not make."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    return data if isinstance(data, dict) else None


def ics(sessions: list[LiveSession], *, name: str, base_url: str) -> bytes:
    """An iCalendar file of these sessions; SEQUENCE and LAST-MODIFIED let calendars follow a moved session."""
    calendar = Calendar()
    calendar.add("prodid", "-//CD-CP Cross-Training//Sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = base_url.split("//")[-1].split("/")[0] or "lms"
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.id}@{host}")
        event.add("summary", session.title)
        event.add("dtstart", session.starts_at.replace(tzinfo=UTC))
        event.add("dtend", session.ends_at.replace(tzinfo=UTC))
        event.add("dtstamp", session.updated_at.replace(tzinfo=UTC))
        event.add("last-modified", session.updated_at.replace(tzinfo=UTC))
        event.add("sequence", session.sequence)
        event.add("location", session.video_url or session.place)
        if session.video_url:
            event.add("url", session.video_url)
        event.add("description", f"{session.series}\n{session.place}".strip())
        calendar.add_component(event)
    return calendar.to_ical()
