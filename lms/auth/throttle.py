"""Growing delays after failed sign-ins, keyed by account and client address, counted from the audit log (so
every server process sees the same numbers). There is no lock a stranger can trigger: failures from one address
slow down only that address, and an address the account has signed in from before is never slowed by failures
elsewhere. Unknown emails are throttled exactly like real accounts, so the answers reveal nothing."""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.timeutil import utcnow

FAILED, SIGNED_IN = "auth.signin_failed", "auth.signin"
KNOWN_ADDRESS_DAYS = 90


def email_key(email: str) -> str:
    """The audit target id of sign-in failures for an email (a digest: the same for known and unknown emails)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def growing_delay(failures: int, *, free: int, first: int, cap: int) -> int:
    """Seconds to wait after `failures` failures: none below `free`, then `first`, doubling up to `cap`."""
    if failures < free:
        return 0
    return min(cap, first * 2 ** min(failures - free, 32))


@dataclass(frozen=True)
class ThrottleState:
    """Failures counted for one sign-in attempt and the seconds it must still wait."""

    pair_failures: int
    account_failures: int
    wait: int


def _failures(key: str, since: datetime, address: str | None) -> tuple[int, datetime | None]:
    query = select(func.count(), func.max(AuditEvent.at)).where(
        AuditEvent.action == FAILED, AuditEvent.target_type == "email", AuditEvent.target_id == key,
        AuditEvent.at > since)
    if address is not None:
        query = query.where(AuditEvent.ip == address)
    count, last = db.session.execute(query).one()
    return count, last


def _signed_in(user_id: int, *, address: str | None = None, since: datetime | None = None):
    query = select(func.max(AuditEvent.at)).where(AuditEvent.action == SIGNED_IN, AuditEvent.actor_id == user_id)
    if address is not None:
        query = query.where(AuditEvent.ip == address)
    if since is not None:
        query = query.where(AuditEvent.at > since)
    return db.session.scalar(query)


def state_for(email: str, address: str, user_id: int | None) -> ThrottleState:
    """How many failures count against this email from this address and overall, and the wait they impose."""
    config, now = current_app.config, utcnow()
    since = now - timedelta(seconds=config["LOGIN_FAILURE_WINDOW"])
    last_success = _signed_in(user_id) if user_id is not None else None
    if last_success is not None and last_success > since:
        since = last_success
    key = email_key(email)
    pair, pair_last = _failures(key, since, address)
    account, account_last = _failures(key, since, None)
    waits = [0.0]
    first = config["LOGIN_DELAY_SECONDS"]
    if pair_last is not None:
        delay = growing_delay(pair, free=config["LOGIN_FREE_FAILURES"], first=first, cap=config["LOGIN_MAX_DELAY"])
        waits.append((pair_last + timedelta(seconds=delay) - now).total_seconds())
    known = user_id is not None and _signed_in(
        user_id, address=address, since=now - timedelta(days=KNOWN_ADDRESS_DAYS)) is not None
    if account_last is not None and not known:
        delay = growing_delay(account, free=config["LOGIN_ACCOUNT_FREE_FAILURES"], first=first,
                              cap=config["LOGIN_ACCOUNT_MAX_DELAY"])
        waits.append((account_last + timedelta(seconds=delay) - now).total_seconds())
    return ThrottleState(pair_failures=pair, account_failures=account, wait=math.ceil(max(waits)))


def starts_delaying(state: ThrottleState) -> bool:
    """True when one more failure is the one after which delays begin (the owner is told then)."""
    config = current_app.config
    return (state.pair_failures + 1 == config["LOGIN_FREE_FAILURES"]
            or state.account_failures + 1 == config["LOGIN_ACCOUNT_FREE_FAILURES"])
