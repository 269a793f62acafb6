"""Affidavits of attendance: one session's attendees and hours, rendered and signed with the center's key (the
same renderer and PAdES signing as certificates), on demand; each download is audited."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from lms.audit.service import record_event
from lms.auth.models import User
from lms.centers.models import Center
from lms.certificates.documents.affidavit import Affidavit, Attendee, render_affidavit
from lms.certificates.issuing.center_keys import active_key, signing_key
from lms.certificates.issuing.center_settings import settings_for
from lms.certificates.issuing.signed_pdfs import renderer
from lms.extensions import db
from lms.practicum.clock import to_local
from lms.practicum.models import LiveSession, SessionRegistration
from lms.practicum.service import time_zone_for

REASON = "Affidavit of attendance issued by the training center"


class AffidavitError(Exception):
    """The center cannot sign an affidavit yet (no key, no signatory); the message says what to set up."""


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01")).normalize()


def _time(moment) -> str:
    return f"{moment:%I:%M %p}".lstrip("0")


def affidavit_facts(*, center: Center, session: LiveSession, today) -> Affidavit:
    """What the affidavit states: the session in the center's time zone and every attendee (one query)."""
    settings = settings_for(center.id)
    if not settings.signatory_name:
        raise AffidavitError("Set the center's signatory first (Center settings → certificates).")
    zone = time_zone_for(center.id)
    start, end = to_local(session.starts_at, zone), to_local(session.ends_at, zone)
    rows = db.session.execute(select(User, SessionRegistration).join(
        SessionRegistration, SessionRegistration.user_id == User.id).where(
        SessionRegistration.session_id == session.id, SessionRegistration.attended.is_(True))
        .order_by(User.full_name, User.id)).all()
    attendees = tuple(Attendee(user.full_name, user.discipline_label, user.agency, _hours(row.credited_minutes),
                               row.late_minutes, row.early_minutes) for user, row in rows)
    return Affidavit(center_name=center.name, center_region=center.region or "", title=session.title,
                     series=session.series, held_on=start.date(),
                     time_range=f"{_time(start)} – {_time(end)} {end.tzname()}", place=session.place,
                     hours=_hours(session.credit_minutes), attendees=attendees,
                     signatory_name=settings.signatory_name, signatory_title=settings.signatory_title or "Director",
                     issued_on=today, reference=f"SESSION-{session.id}")


def affidavit_pdf(*, center: Center, session: LiveSession, actor_id: int, today) -> bytes:
    """The signed affidavit PDF; audited as a download by the actor. AffidavitError says what is missing."""
    from lms.certificates.documents.pades import Signer

    key = active_key(center.id)
    if key is None:
        raise AffidavitError("The center has no signing key yet (Center settings → signing key).")
    facts = affidavit_facts(center=center, session=session, today=today)
    pdf = Signer(signing_key(key), reason=REASON).sign(render_affidavit(renderer(), facts))
    record_event(action="session.affidavit", actor_id=actor_id, target_type="live_session", target_id=session.id,
                 center_id=center.id, detail={"attendees": len(facts.attendees), "key": key.fingerprint},
                 commit=True)
    return pdf
