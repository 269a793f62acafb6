"""The field work a certificate rests on: the activities that count for the program and the sessions attended."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.certificates.documents.snapshot import MAX_ITEMS
from lms.extensions import db
from lms.practicum.clock import to_local
from lms.practicum.kinds import SIGNER_ROLES, kind_label
from lms.practicum.models import LiveSession, PracticumEntry, SessionRegistration
from lms.practicum.selectors import counted_entries
from lms.practicum.service import time_zone_for
from lms.practicum.signer_rules import counts_for
from lms.programs.spec import ProgramSpec


def _hours(minutes: int | None) -> str:
    return str(round((minutes or 0) / 60, 2))


def _signers(entry: PracticumEntry) -> list[dict[str, str]]:
    """Who signed the entry, in role order: the approval of each role it asked for."""
    approved = {r.role: r for r in entry.signoffs if r.decision == "approved"}
    return [{"name": approved[role].signer_name, "role": label} for role, label in SIGNER_ROLES.items()
            if role in entry.signers and role in approved]


def counted_activities(*, user_id: int, discipline: str, spec: ProgramSpec) -> list[dict]:
    """kind, date, hours, signers of each signed entry that counts for one of the program's activity rules
    (oldest first, at most the snapshot's limit)."""
    rules = {kind: rule for kind, rule in spec.activities.items() if discipline in rule.get("for", [discipline])}
    if not rules:
        return []
    ids = [e.id for e in counted_entries(user_id) if e.kind in rules and counts_for(rules[e.kind], e.signers)]
    if not ids:
        return []
    entries = db.session.scalars(select(PracticumEntry).options(selectinload(PracticumEntry.signoffs)).where(
        PracticumEntry.id.in_(ids)).order_by(PracticumEntry.occurred_on, PracticumEntry.id)).all()
    return [{"kind": kind_label(e.kind), "date": e.occurred_on.isoformat(), "hours": _hours(e.minutes),
             "signers": _signers(e)} for e in entries[:MAX_ITEMS]]


def attended_sessions(*, user_id: int, center_id: int, spec: ProgramSpec) -> list[dict]:
    """title, date (the center's), hours credited of each attended session of the program's series."""
    series = [rule["series"] for rule in spec.sessions]
    if not series:
        return []
    rows = db.session.execute(select(LiveSession.title, LiveSession.starts_at, SessionRegistration.credited_minutes)
                              .join(SessionRegistration, SessionRegistration.session_id == LiveSession.id)
                              .where(SessionRegistration.user_id == user_id, SessionRegistration.attended.is_(True),
                                     LiveSession.series.in_(series))
                              .order_by(LiveSession.starts_at).limit(MAX_ITEMS)).all()
    zone = time_zone_for(center_id)
    return [{"title": title, "date": to_local(starts_at, zone).date().isoformat(), "hours": _hours(minutes)}
            for title, starts_at, minutes in rows]
