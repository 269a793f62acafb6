"""CertificateSnapshot: the frozen, JSON-serialisable facts a certificate document is built from."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from lms.certificates.documents.hours_wording import (  # noqa: F401 (re-exported)
    HOURS_WORDS,
    hours_number,
    hours_phrase,
    hours_words,
)

LAYOUTS = ("post", "ce")
# Accreditation keys each layout must carry; other keys are kept and ignored by the templates.
REQUIRED_ACCREDITATION: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "post": ("post_course_number",),
    "ce": ("provider_name", "provider_number", "approval_statement", "category", "delivery_format",
           "course_level"),
})
# Bounds keep one certificate on one page and bound render time whatever the input.
MAX_TEXT = 300
MAX_LONG_TEXT = 1200
MAX_ITEMS = 12


class SnapshotError(ValueError):
    """A snapshot field is missing, malformed or too long (the message names the field)."""


def _text(name: str, value: Any, limit: int = MAX_TEXT, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise SnapshotError(f"{name}: expected text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise SnapshotError(f"{name}: must not be empty")
    if len(value) > limit:
        raise SnapshotError(f"{name}: longer than {limit} characters")
    return value


def _items(name: str, values: Any) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise SnapshotError(f"{name}: expected a list of text")
    if len(values) > MAX_ITEMS:
        raise SnapshotError(f"{name}: more than {MAX_ITEMS} entries")
    return tuple(_text(f"{name}[{i}]", v) for i, v in enumerate(values))


def _day(name: str, value: Any, *, required: bool = True) -> date | None:
    if value is None and not required:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise SnapshotError(f"{name}: not an ISO date: {value!r}") from None
    if isinstance(value, date):
        return value
    raise SnapshotError(f"{name}: expected a date")


def _field_hours(name: str, value: Any) -> str:
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        raise SnapshotError(f"{name}: not a number: {value!r}") from None
    if not hours.is_finite() or hours < 0 or hours > 1000:
        raise SnapshotError(f"{name}: must be between 0 and 1000")
    return hours_number(hours)


def _records(name: str, values: Any, keys: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    """Field-work rows (activities or sessions): each a mapping of exactly `keys`, validated and normalised."""
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise SnapshotError(f"{name}: expected a list")
    if len(values) > MAX_ITEMS:
        raise SnapshotError(f"{name}: more than {MAX_ITEMS} entries")
    rows = []
    for i, value in enumerate(values):
        where = f"{name}[{i}]"
        if not isinstance(value, Mapping) or set(value) != set(keys):
            raise SnapshotError(f"{where}: expected the keys {', '.join(keys)}")
        row: dict[str, Any] = {}
        for key in keys:
            item = value[key]
            if key == "date":
                row[key] = _day(f"{where}.date", item).isoformat()
            elif key == "hours":
                row[key] = _field_hours(f"{where}.hours", item)
            elif key == "signers":
                row[key] = [_signer(f"{where}.signers[{j}]", signer) for j, signer in enumerate(item or ())]
            else:
                row[key] = _text(f"{where}.{key}", item)
        rows.append(row)
    return tuple(rows)


def _signer(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or set(value) != {"name", "role"}:
        raise SnapshotError(f"{name}: expected the keys name, role")
    return {"name": _text(f"{name}.name", value["name"]), "role": _text(f"{name}.role", value["role"])}


ACTIVITY_KEYS = ("kind", "date", "hours", "signers")
SESSION_KEYS = ("title", "date", "hours")
# Up to this many activity and session lines are listed one by one on the certificate; more are summarised.
FULL_FIELD_LINES = 5
# Keys a snapshot issued before the practicum may lack (they default to no field work).
OPTIONAL_KEYS = frozenset({"activities", "sessions"})


def _span(days: list[str]) -> str:
    """'Nov 12, 2026' or 'Nov 12 – Dec 1, 2026' (or across years, both in full)."""
    first, last = date.fromisoformat(min(days)), date.fromisoformat(max(days))
    if first == last:
        return _short_day(first.isoformat())
    start = f"{first:%b} {first.day}" if first.year == last.year else _short_day(first.isoformat())
    return f"{start} – {_short_day(last.isoformat())}"


def _short_day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day:%b} {day.day}, {day.year}"


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        raise SnapshotError(f"ce_hours: not a number: {value!r}") from None
    if not hours.is_finite() or hours <= 0 or hours > 1000:
        raise SnapshotError("ce_hours: must be between 0 and 1000")
    return hours


@dataclass(frozen=True)
class CertificateSnapshot:
    """Everything printed on (and signed into) one certificate; immutable once issued."""

    learner_name: str
    program_title: str
    center_name: str
    center_region: str
    ce_hours: Decimal
    issued_on: date
    expires_on: date | None
    signatory_name: str
    signatory_title: str
    accreditation: Mapping[str, str]
    objectives: tuple[str, ...]
    modules: tuple[str, ...]
    short_code: str
    verify_url: str
    public_id: str
    layout: str
    # Field work the certificate rests on: activities counted (kind, date, hours, signers' names and roles) and
    # sessions attended (title, date, hours credited). Empty for programs of modules only and older snapshots.
    activities: tuple[Mapping[str, Any], ...] = ()
    sessions: tuple[Mapping[str, Any], ...] = ()

    def __post_init__(self) -> None:
        """Normalise and validate every field (lists become tuples, the mapping read-only)."""
        put = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        for name in ("learner_name", "program_title", "center_name", "signatory_name", "signatory_title",
                     "short_code", "public_id"):
            put(name, _text(name, getattr(self, name)))
        put("center_region", _text("center_region", self.center_region, required=False))
        put("verify_url", _text("verify_url", self.verify_url, MAX_LONG_TEXT))
        if not self.verify_url.startswith(("https://", "http://")):
            raise SnapshotError("verify_url: must be an http(s) URL")
        put("ce_hours", _hours(self.ce_hours))
        put("issued_on", _day("issued_on", self.issued_on))
        put("expires_on", _day("expires_on", self.expires_on, required=False))
        if self.expires_on is not None and self.expires_on <= self.issued_on:
            raise SnapshotError("expires_on: must be after issued_on")
        put("objectives", _items("objectives", self.objectives))
        put("modules", _items("modules", self.modules))
        put("activities", _records("activities", self.activities, ACTIVITY_KEYS))
        put("sessions", _records("sessions", self.sessions, SESSION_KEYS))
        if self.layout not in LAYOUTS:
            raise SnapshotError(f"layout: must be one of {', '.join(LAYOUTS)}")
        if not isinstance(self.accreditation, Mapping):
            raise SnapshotError("accreditation: expected a mapping")
        accreditation = {str(k): _text(f"accreditation.{k}", v, MAX_LONG_TEXT, required=False)
                         for k, v in self.accreditation.items()}
        for key in REQUIRED_ACCREDITATION[self.layout]:
            if not accreditation.get(key):
                raise SnapshotError(f"accreditation.{key}: required for the {self.layout!r} layout")
        put("accreditation", MappingProxyType(accreditation))

    @property
    def hours_text(self) -> str:
        """CE hours as printed: '6', '6.5', '1.25'."""
        return hours_number(self.ce_hours)

    @property
    def hours_phrase(self) -> str:
        """The hours in the layout's wording, with the right plural ('1 training hour')."""
        return hours_phrase(self.ce_hours, self.layout)

    @property
    def field_hours(self) -> str:
        """Total hours of the activities counted, as printed ('0' when none)."""
        return hours_number(sum((Decimal(a["hours"]) for a in self.activities), Decimal(0)))

    @property
    def session_hours(self) -> str:
        """Total hours credited for the sessions attended, as printed ('0' when none)."""
        return hours_number(sum((Decimal(x["hours"]) for x in self.sessions), Decimal(0)))

    @property
    def activity_lines(self) -> tuple[str, ...]:
        """Each activity as printed: 'Ride-along · Nov 19, 2026 · 5.5 h · signed by Sgt. Dana Brooks (Police
        supervisor), Dr. Lee Chen (Clinical supervisor)'."""
        return tuple(" · ".join([a["kind"], _short_day(a["date"]), f"{a['hours']} h"] + (
            ["signed by " + ", ".join(f"{x['name']} ({x['role']})" for x in a["signers"])] if a["signers"] else []))
            for a in self.activities)

    @property
    def field_work_compact(self) -> bool:
        """True when the field work is too long to list line by line on the one page: it is summarised instead
        (the verify page always lists every line)."""
        return len(self.activities) + len(self.sessions) > FULL_FIELD_LINES

    @property
    def activity_summary_lines(self) -> tuple[str, ...]:
        """One line per kind: 'Ride-along: 4 signed, 19 h, Nov 12 – Dec 1, 2026; signed by Sgt. Dana Brooks,
        Dr. Lee Chen'."""
        kinds: dict[str, list] = {}
        for activity in self.activities:
            kinds.setdefault(activity["kind"], []).append(activity)
        lines = []
        for kind, rows in kinds.items():
            hours = hours_number(sum((Decimal(a["hours"]) for a in rows), Decimal(0)))
            names = ", ".join(dict.fromkeys(x["name"] for a in rows for x in a["signers"]))
            lines.append(f"{kind}: {len(rows)} signed, {hours} h, {_span([a['date'] for a in rows])}"
                         + (f"; signed by {names}" if names else ""))
        return tuple(lines)

    @property
    def session_summary_line(self) -> str:
        """'4 sessions, Oct 11 – Oct 14, 2026'."""
        count = len(self.sessions)
        return f"{count} session{'s' if count != 1 else ''}, {_span([x['date'] for x in self.sessions])}"

    @property
    def session_lines(self) -> tuple[str, ...]:
        """Each session as printed: 'Seminar 1: First contact · Nov 20, 2026 · 2 h'."""
        return tuple(f"{x['title']} · {_short_day(x['date'])} · {x['hours']} h" for x in self.sessions)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates ISO, hours as a string, lists as lists)."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data.update(ce_hours=self.hours_text, issued_on=self.issued_on.isoformat(),
                    expires_on=self.expires_on.isoformat() if self.expires_on else None,
                    accreditation=dict(self.accreditation), objectives=list(self.objectives),
                    modules=list(self.modules),
                    activities=[dict(a, signers=[dict(x) for x in a["signers"]]) for a in self.activities],
                    sessions=[dict(x) for x in self.sessions])
        return data

    def to_json(self) -> str:
        """The snapshot as canonical JSON text (sorted keys), for storing with the certificate."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CertificateSnapshot:
        """Rebuild a snapshot from to_dict() output; unknown or missing keys raise SnapshotError (a snapshot from
        before the practicum may lack the field-work keys)."""
        names = {f.name for f in dataclasses.fields(cls)}
        missing, unknown = names - set(data) - OPTIONAL_KEYS, set(data) - names
        if missing or unknown:
            raise SnapshotError(f"snapshot keys: missing {sorted(missing)}, unknown {sorted(unknown)}")
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> CertificateSnapshot:
        """Rebuild a snapshot from to_json() output."""
        return cls.from_dict(json.loads(text))
