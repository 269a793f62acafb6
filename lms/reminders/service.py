"""Reminder batches (due dates, expiring certificates, weekly digests) and people's email choices.

Each batch takes `now` (tests control the clock), reads in a fixed number of queries, claims the reminders it
will send (lms.reminders.claims) and queues their mail in the same transaction, then commits: the mail goes
out after the commit, and a reminder somebody else already claimed is skipped."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from lms.extensions import db
from lms.mail_tasks import queue_templated_mail
from lms.reminders import selectors
from lms.reminders.claims import already_sent, claim, opted_out
from lms.reminders.kinds import CERTIFICATE_EXPIRING, DIGEST, DUE_KINDS, DUE_SOON, DUE_TOMORROW, KINDS, OVERDUE
from lms.reminders.links import absolute_url, unsubscribe_headers
from lms.reminders.models import MailOptOut
from lms.reports.assignments import assignment_status

OVERDUE_WINDOW_DAYS = 14  # an assignment overdue longer than this (e.g. before reminders existed) gets no mail
CERTIFICATE_STAGES = (30, 60, 90)
EXPIRING_SOON_DAYS = 30


def due_kind(due_on: date, today: date) -> str | None:
    """Pure: which due-date reminder fits today, if any (a missed day is caught up on the next run)."""
    days = (due_on - today).days
    if 2 <= days <= 7:
        return DUE_SOON
    if 0 <= days <= 1:
        return DUE_TOMORROW
    if -OVERDUE_WINDOW_DAYS <= days < 0:
        return OVERDUE
    return None


def certificate_stage(expires_at: datetime, now: datetime) -> int | None:
    """Pure: 30, 60 or 90 — the nearest stage at or above the days left — or None beyond 90 days or once expired."""
    if expires_at <= now:
        return None
    days = (expires_at.date() - now.date()).days
    return next((stage for stage in CERTIFICATE_STAGES if days <= stage), None)


def _queue(*, kind: str, user_id: int, to: str, subject: str, template: str, center_name: str, **context) -> None:
    url, headers = unsubscribe_headers(user_id, kind)
    queue_templated_mail(to=to, subject=subject, template=template, headers=headers, center_name=center_name,
                         unsubscribe_url=url, kind=kind, kind_label=KINDS[kind][0],
                         settings_url=absolute_url("reminders.email_settings"), **context)


def _wanted(candidates: dict, kinds) -> dict:
    """Candidates (keyed by (user, kind, subject)) minus opt-outs and reminders already sent."""
    if not candidates:
        return {}
    out = opted_out(kinds)
    sent = already_sent(candidates)
    return {key: value for key, value in candidates.items() if key not in sent and key[:2] not in out}


def send_due_reminders(now: datetime) -> int:
    """Due in 7 days, due tomorrow and overdue (once) to every reachable learner who has not finished; commits.

    Returns how many reminders this run claimed (and queued)."""
    today = now.date()
    assignments = selectors.open_assignments(due_from=today - timedelta(days=OVERDUE_WINDOW_DAYS),
                                             due_to=today + timedelta(days=7))
    if not assignments:
        return 0
    learners, completions = selectors.learners_with_completions(assignments)
    candidates = {}
    for assignment in assignments:
        kind = due_kind(assignment.due_on, today)
        subject_key = f"assignment:{assignment.id}:{assignment.due_on.isoformat()}"
        for learner in learners.get(assignment.cohort_id, []):
            status = assignment_status(user_id=learner.user_id, module_ids=list(assignment.module_ids),
                                       due_on=assignment.due_on, completions=completions, today=today)
            if status.completed_at is None and status.total:
                candidates[(learner.user_id, kind, subject_key)] = (learner, assignment, status)
    candidates = _wanted(candidates, DUE_KINDS)
    claimed = claim(candidates, now=now)
    dashboard = absolute_url("progress.dashboard")
    for key in sorted(claimed):
        learner, assignment, status = candidates[key]
        days = (assignment.due_on - today).days
        subject = {DUE_SOON: f"Due in {days} days: {assignment.title}",
                   DUE_TOMORROW: f"Due {'tomorrow' if days else 'today'}: {assignment.title}",
                   OVERDUE: f"Overdue: {assignment.title}"}[key[1]]
        _queue(kind=key[1], user_id=learner.user_id, to=learner.email, subject=subject, template="reminder_due",
               center_name=assignment.center_name, name=learner.full_name, assignment=assignment,
               status=status, days=days, dashboard_url=dashboard)
    db.session.commit()
    return len(claimed)


def send_certificate_reminders(now: datetime) -> int:
    """Certificates expiring in 90, 60 and 30 days (each stage once) with a link to re-certify; commits."""
    candidates = {}
    for certificate in selectors.expiring_certificates(now=now, until=now + timedelta(days=max(CERTIFICATE_STAGES))):
        stage = certificate_stage(certificate.expires_at, now)
        if stage is not None:
            candidates[(certificate.user_id, CERTIFICATE_EXPIRING, f"certificate:{certificate.id}:{stage}")] = (
                certificate, stage)
    candidates = _wanted(candidates, [CERTIFICATE_EXPIRING])
    claimed = claim(candidates, now=now)
    for key in sorted(claimed):
        certificate, stage = candidates[key]
        days = (certificate.expires_at.date() - now.date()).days
        _queue(kind=CERTIFICATE_EXPIRING, user_id=certificate.user_id, to=certificate.email,
               subject=f"Your certificate expires in {days} days: {certificate.title}",
               template="certificate_expiring", center_name=certificate.center_name, name=certificate.full_name,
               certificate=certificate, days=days,
               recertify_url=absolute_url("verify.program", slug=certificate.program_slug),
               certificates_url=absolute_url("certificates.mine"))
    db.session.commit()
    return len(claimed)


@dataclass
class DigestNumbers:
    """A center's (or one agency's) week: learners enrolled, assignments completed in the last 7 days, overdue
    assignments, and live certificates expiring within 30 days."""

    enrolled: int = 0
    completed_this_week: int = 0
    overdue: int = 0
    expiring_soon: int = 0


def digest_numbers(*, assignments, learners, completions, certificates, now: datetime
                   ) -> dict[tuple[int, str | None], DigestNumbers]:
    """Pure: numbers per (center id, None) for the whole center and per (center id, agency) for each agency."""
    today, week_ago = now.date(), now - timedelta(days=7)
    numbers: dict[tuple[int, str | None], DigestNumbers] = defaultdict(DigestNumbers)
    enrolled: dict[tuple[int, str | None], set[int]] = defaultdict(set)
    for assignment in assignments:
        for learner in learners.get(assignment.cohort_id, []):
            status = assignment_status(user_id=learner.user_id, module_ids=list(assignment.module_ids),
                                       due_on=assignment.due_on, completions=completions, today=today)
            for scope in ((assignment.center_id, None), (assignment.center_id, learner.agency)):
                enrolled[scope].add(learner.user_id)
                numbers[scope].overdue += status.overdue
                numbers[scope].completed_this_week += bool(
                    status.completed_at is not None and week_ago <= status.completed_at <= now)
    for scope, users in enrolled.items():
        numbers[scope].enrolled = len(users)
    soon = now + timedelta(days=EXPIRING_SOON_DAYS)
    for certificate in certificates:
        if certificate.expires_at <= soon:
            for scope in ((certificate.center_id, None), (certificate.center_id, certificate.agency)):
                numbers[scope].expiring_soon += 1
    return numbers


def send_weekly_digests(now: datetime) -> int:
    """This ISO week's digest to each center admin (their center) and agency coordinator (their agency); commits."""
    year, week, _ = now.isocalendar()
    recipients = selectors.digest_recipients()
    candidates = {}
    for person in recipients:
        if person.role == "agency_coordinator" and not person.agency:
            continue  # a coordinator of no agency has nothing to read
        scope = "center" if person.role == "center_admin" else "agency"
        candidates[(person.user_id, DIGEST, f"digest:{year}-W{week:02d}:{scope}:{person.center_id}")] = person
    candidates = _wanted(candidates, [DIGEST])
    if not candidates:
        return 0
    center_ids = sorted({person.center_id for person in candidates.values()})
    assignments = selectors.open_assignments(center_ids=center_ids)
    learners, completions = (selectors.learners_with_completions(assignments) if assignments else ({}, {}))
    certificates = selectors.expiring_certificates(now=now, until=now + timedelta(days=EXPIRING_SOON_DAYS),
                                                   center_ids=center_ids, reachable_only=False)
    numbers = digest_numbers(assignments=assignments, learners=learners, completions=completions,
                             certificates=certificates, now=now)
    claimed = claim(candidates, now=now)
    for key in sorted(claimed):
        person = candidates[key]
        agency = person.agency if person.role == "agency_coordinator" else None
        about = agency or person.center_name
        _queue(kind=DIGEST, user_id=person.user_id, to=person.email,
               subject=f"Weekly training digest: {about}", template="weekly_digest", center_name=person.center_name,
               name=person.full_name, agency=agency, numbers=numbers.get((person.center_id, agency), DigestNumbers()),
               week=f"{year}-W{week:02d}", expiring_days=EXPIRING_SOON_DAYS, home_url=absolute_url("main.index"))
    db.session.commit()
    return len(claimed)


def send_all_reminders(now: datetime) -> dict[str, int]:
    """Run every batch (what the periodic task does); returns how many of each were sent."""
    return {"due": send_due_reminders(now), "certificates": send_certificate_reminders(now),
            "digests": send_weekly_digests(now)}


def opted_out_kinds(user_id: int) -> set[str]:
    """The kinds this person asked not to get."""
    return set(db.session.scalars(select(MailOptOut.kind).where(MailOptOut.user_id == user_id)))


def save_email_settings(user_id: int, *, wanted: set[str]) -> None:
    """Keep exactly the kinds in `wanted`; opt out of the others; commits."""
    unwanted = set(KINDS) - wanted
    current = opted_out_kinds(user_id)
    db.session.execute(delete(MailOptOut).where(MailOptOut.user_id == user_id, MailOptOut.kind.in_(current - unwanted)))
    for kind in sorted(unwanted - current):
        db.session.add(MailOptOut(user_id=user_id, kind=kind))
    _commit_ignoring_races()


def unsubscribe(user_id: int, kind: str) -> None:
    """Stop one kind of email for one person (idempotent); commits."""
    if kind not in opted_out_kinds(user_id):
        db.session.add(MailOptOut(user_id=user_id, kind=kind))
    _commit_ignoring_races()


def _commit_ignoring_races() -> None:
    from sqlalchemy.exc import IntegrityError

    try:
        db.session.commit()
    except IntegrityError:  # a second click saved the same opt-out first: the choice is recorded either way
        db.session.rollback()
