"""Practicum writes: supervisors list, drafts, submission with emailed sign-off links, decisions, corrections."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from lms.audit.service import record_event
from lms.auth.models import User
from lms.extensions import db
from lms.mail_tasks import queue_templated_mail
from lms.practicum.kinds import SIGNER_ROLES, kind_label
from lms.practicum.models import (
    DEFAULT_TIME_ZONE,
    ApprovedSupervisor,
    PracticumEntry,
    PracticumSettings,
    SignoffRequest,
)
from lms.practicum.signals import practicum_counted
from lms.practicum.signer_rules import current_activity_rules, signers_needed
from lms.urls import external_url

SIGNOFF_DAYS = 14


class SignoffError(Exception):
    """A sign-off link that cannot be used: unknown, already used, or expired."""


def token_hash(token: str) -> str:
    """SHA-256 of a sign-off token: only this is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def save_time_zone(*, center_id: int, time_zone: str, actor_id: int) -> None:
    """Set the center's time zone and commit."""
    settings = db.session.get(PracticumSettings, center_id) or PracticumSettings(center_id=center_id)
    settings.time_zone = time_zone
    db.session.add(settings)
    record_event(action="practicum.time_zone", actor_id=actor_id, target_type="center", target_id=center_id,
                 center_id=center_id, detail={"time_zone": time_zone})
    db.session.commit()


def time_zone_for(center_id: int) -> str:
    """The center's time zone name."""
    settings = db.session.get(PracticumSettings, center_id)
    return settings.time_zone if settings else DEFAULT_TIME_ZONE


def add_supervisor(*, center_id: int, full_name: str, email: str, agency: str, role: str,
                   actor_id: int | None) -> ApprovedSupervisor:
    """Put a supervisor on the center's approved list (or bring them back) and commit."""
    email = email.strip().lower()
    row = db.session.scalar(select(ApprovedSupervisor).where(
        ApprovedSupervisor.center_id == center_id, ApprovedSupervisor.email == email,
        ApprovedSupervisor.role == role))
    if row is None:
        row = ApprovedSupervisor(center_id=center_id, email=email, role=role, full_name="", agency="")
        db.session.add(row)
    row.full_name, row.agency, row.removed_at = full_name.strip(), agency.strip(), None
    db.session.flush()
    record_event(action="practicum.supervisor_added", actor_id=actor_id, target_type="approved_supervisor",
                 target_id=row.id, center_id=center_id, detail={"email": email, "role": role, "agency": agency})
    db.session.commit()
    return row


def remove_supervisor(*, center_id: int, supervisor_id: int, actor_id: int, now: datetime) -> bool:
    """Take a supervisor off the list (links already sent stay valid until used or expired); commit."""
    row = db.session.get(ApprovedSupervisor, supervisor_id)
    if row is None or row.center_id != center_id or row.removed_at:
        return False
    row.removed_at = now
    record_event(action="practicum.supervisor_removed", actor_id=actor_id, target_type="approved_supervisor",
                 target_id=row.id, center_id=center_id, detail={"email": row.email})
    db.session.commit()
    return True


@dataclass
class EntryValues:
    """What the learner typed, already validated (drafts may leave any of it empty)."""

    kind: str
    occurred_on: date | None
    minutes: int | None
    unit: str
    place: str
    reflection: str
    partner_ids: list[int]
    signers: dict[str, str]


def _editable_entry(user_id: int, entry_id: int | None, center_id: int, now: datetime) -> PracticumEntry:
    if entry_id:
        entry = db.session.get(PracticumEntry, entry_id)
        if entry is None or entry.user_id != user_id or entry.status not in ("draft", "returned"):
            raise LookupError("entry")
        return entry
    entry = PracticumEntry(user_id=user_id, center_id=center_id, created_at=now)
    db.session.add(entry)
    return entry


def _apply(entry: PracticumEntry, values: EntryValues, now: datetime) -> None:
    entry.kind, entry.occurred_on, entry.minutes = values.kind, values.occurred_on, values.minutes
    entry.unit, entry.place, entry.reflection = values.unit.strip(), values.place.strip(), values.reflection.strip()
    entry.partner_ids = ",".join(str(i) for i in values.partner_ids)
    entry.signers = {role: email.strip().lower() for role, email in values.signers.items() if email}
    entry.updated_at = now


def save_draft(*, user_id: int, center_id: int, entry_id: int | None, values: EntryValues,
               now: datetime) -> PracticumEntry:
    """Create or update the learner's draft and commit (raises LookupError for someone else's or a sent entry)."""
    entry = _editable_entry(user_id, entry_id, center_id, now)
    _apply(entry, values, now)
    db.session.commit()
    return entry


def submit_entry(*, user_id: int, center_id: int, entry_id: int | None, values: EntryValues,
                 supervisors: dict[str, dict[str, str]], now: datetime) -> PracticumEntry:
    """Save the entry and email each signer its kind needs (the programs' `signers`) a single-use link; commit
    (mail goes after the commit). Only the needed signers are kept on the entry: they are what makes it count."""
    entry = _editable_entry(user_id, entry_id, center_id, now)
    _apply(entry, values, now)
    roles = signers_needed(entry.kind, db.session.get(User, user_id).discipline, current_activity_rules())
    entry.signers = {role: entry.signers[role] for role in roles}
    entry.status, entry.submitted_at = "pending", now
    db.session.flush()
    _withdraw_open_requests(entry, now)
    days = current_app.config.get("PRACTICUM_SIGNOFF_DAYS", SIGNOFF_DAYS)
    for role, email in entry.signers.items():
        token = secrets.token_urlsafe(32)
        request = SignoffRequest(entry_id=entry.id, role=role, signer_email=email,
                                 signer_name=supervisors[role][email], token_hash=token_hash(token),
                                 created_at=now, expires_at=now + timedelta(days=days))
        db.session.add(request)
        queue_templated_mail(to=email, subject=f"Please sign off: {kind_label(entry.kind)} by {entry.user.full_name}",
                             template="practicum_signoff", entry=entry, kind=kind_label(entry.kind),
                             role=SIGNER_ROLES[role], signer_name=request.signer_name, days=days,
                             link=external_url("signoff.review", token=token), center_name="")
    record_event(action="practicum.submitted", actor_id=user_id, target_type="practicum_entry", target_id=entry.id,
                 center_id=center_id, detail={"kind": entry.kind, "signers": entry.signers})
    db.session.commit()
    return entry


def _withdraw_open_requests(entry: PracticumEntry, now: datetime) -> None:
    for request in entry.signoffs:
        if request.decided_at is None:
            request.decided_at, request.decision = now, "withdrawn"


def request_for_token(token: str, now: datetime) -> SignoffRequest:
    """The open sign-off request of a token; SignoffError says why it cannot be used."""
    request = db.session.scalar(select(SignoffRequest).where(SignoffRequest.token_hash == token_hash(token)))
    if request is None:
        raise SignoffError("This sign-off link is not valid. Check that you opened the whole link from the email.")
    if request.decided_at is not None:
        raise SignoffError("This sign-off link has already been used" +
                           (" (the learner changed the entry and a new link was sent)."
                            if request.decision == "withdrawn" else "; nothing more to do."))
    if request.expires_at < now:
        raise SignoffError("This sign-off link has expired. Ask the learner to send the entry again; "
                           "a new link will be emailed to you.")
    return request


def decide(*, request: SignoffRequest, decision: str, comment: str, now: datetime,
           actor_id: int | None = None) -> PracticumEntry:
    """Record one signer's approval or return; the entry is signed when every signature it asked for is in
    (the roles kept on the entry at submission). Commits."""
    entry = request.entry
    request.decided_at, request.decision, request.comment = now, decision, comment.strip()
    request.decided_by_id = actor_id
    if decision == "returned":
        entry.status = "returned"
        _withdraw_open_requests(entry, now)
        queue_templated_mail(to=entry.user.email, subject=f"Returned for changes: {kind_label(entry.kind)}",
                             template="practicum_returned", entry=entry, kind=kind_label(entry.kind),
                             signer_name=request.signer_name, comment=request.comment,
                             link=external_url("practicum.edit", entry_id=entry.id), center_name="")
    else:
        latest = {r.role: r for r in sorted(entry.signoffs, key=lambda r: r.id)}  # this submission's requests
        if all(role in latest and latest[role].decision == "approved" for role in entry.signers):
            entry.status, entry.signed_at = "signed", now
            db.session.flush()
            practicum_counted.send(None, user_id=entry.user_id)
    record_event(action=f"practicum.{decision}", actor_id=actor_id, target_type="practicum_entry",
                 target_id=entry.id, center_id=entry.center_id,
                 detail={"signer": request.signer_email, "role": request.role, "comment": request.comment})
    db.session.commit()
    return entry


def approve_many(*, user, request_ids: list[int], now: datetime) -> int:
    """Approve each of the signed-in supervisor's open requests among `request_ids`; how many were approved."""
    done = 0
    for request_id in request_ids:
        request = db.session.get(SignoffRequest, request_id)
        if (request is None or request.signer_email != user.email.lower() or request.decided_at is not None
                or request.expires_at < now):
            continue
        decide(request=request, decision="approved", comment="", now=now, actor_id=user.id)
        done += 1
    return done


def start_correction(*, user_id: int, entry_id: int, reason: str, now: datetime) -> PracticumEntry:
    """A new draft copying a signed entry, marked as superseding it with a reason; commit."""
    original = db.session.get(PracticumEntry, entry_id)
    if original is None or original.user_id != user_id or original.status != "signed":
        raise LookupError("entry")
    copy = PracticumEntry(user_id=user_id, center_id=original.center_id, kind=original.kind,
                          occurred_on=original.occurred_on, minutes=original.minutes, unit=original.unit,
                          place=original.place, reflection=original.reflection, partner_ids=original.partner_ids,
                          signers=dict(original.signers), supersedes_id=original.id,
                          correction_reason=reason.strip(), created_at=now, updated_at=now)
    db.session.add(copy)
    db.session.flush()
    record_event(action="practicum.correction_started", actor_id=user_id, target_type="practicum_entry",
                 target_id=original.id, center_id=original.center_id, detail={"correction": copy.id,
                                                                              "reason": copy.correction_reason})
    db.session.commit()
    return copy
