"""Claiming a reminder before sending it: the unique (user, kind, subject) row is the "sent once" guarantee.

Rows are inserted with ON CONFLICT DO NOTHING ... RETURNING, in the caller's transaction: a row someone else
already holds (a rerun, or a second worker whose transaction commits first) comes back missing, and that
reminder is skipped. The caller queues the mail in the same transaction; it goes out after the commit."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from lms.extensions import db
from lms.reminders.models import MailOptOut, ReminderSent

Key = tuple[int, str, str]  # (user id, kind, subject key)
CHUNK = 1000


def already_sent(keys: Iterable[Key]) -> set[Key]:
    """Which of these reminders were sent before: one query per thousand distinct subjects (one per batch of
    due-date reminders, whose subjects are the assignments)."""
    keys = set(keys)
    kinds, subjects = sorted({k for _u, k, _s in keys}), sorted({s for _u, _k, s in keys})
    found: set[Key] = set()
    for start in range(0, len(subjects), CHUNK):
        rows = db.session.execute(select(ReminderSent.user_id, ReminderSent.kind, ReminderSent.subject_key).where(
            ReminderSent.kind.in_(kinds), ReminderSent.subject_key.in_(subjects[start:start + CHUNK])))
        found |= {tuple(row) for row in rows} & keys
    return found


def opted_out(kinds: Iterable[str]) -> set[tuple[int, str]]:
    """(user id, kind) pairs of everyone who asked not to get these kinds (one query; opt-outs are few)."""
    return {tuple(row) for row in db.session.execute(
        select(MailOptOut.user_id, MailOptOut.kind).where(MailOptOut.kind.in_(list(kinds))))}


def claim(keys: Iterable[Key], *, now: datetime) -> set[Key]:
    """Record these reminders as sent (does not commit); returns the ones this transaction got to send."""
    keys = sorted(set(keys))  # one order for every worker, so concurrent claims wait instead of deadlocking
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    claimed: set[Key] = set()
    for start in range(0, len(keys), CHUNK):
        rows = [{"user_id": u, "kind": k, "subject_key": s, "sent_at": now} for u, k, s in keys[start:start + CHUNK]]
        statement = (insert(ReminderSent).values(rows)
                     .on_conflict_do_nothing(index_elements=["user_id", "kind", "subject_key"])
                     .returning(ReminderSent.user_id, ReminderSent.kind, ReminderSent.subject_key))
        claimed |= {tuple(row) for row in db.session.execute(statement)}
    return claimed
