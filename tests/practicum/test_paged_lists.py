"""The practicum lists that grow (a learner's log, a supervisor's waiting entries) are paged in SQL: 50 a page,
and the same number of statements whatever the list's length."""
import re
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from lms.practicum.models import PracticumEntry, SignoffRequest
from tests.practicum.conftest import START
from tests.support.statements import statements_during

pytestmark = pytest.mark.pg


def add_entries(db, user, center, count: int, *, status: str = "draft") -> list[int]:
    rows = [{"user_id": user.id, "center_id": center.id, "kind": "ride_along", "minutes": 240,
             "occurred_on": date(2026, 11, 1) - timedelta(days=i), "reflection": f"Shift number {i}",
             "status": status, "signers": {}} for i in range(count)]
    ids = list(db.session.scalars(insert(PracticumEntry).returning(PracticumEntry.id), rows))
    db.session.commit()
    return ids


def ask(db, entry_ids: list[int], email: str) -> None:
    db.session.execute(insert(SignoffRequest), [
        {"entry_id": i, "role": "police", "signer_email": email, "signer_name": "Sgt. Dana Brooks",
         "token_hash": secrets.token_hex(32), "expires_at": START + timedelta(days=14)} for i in entry_ids])
    db.session.commit()


def shown(html: str, pattern: str) -> int:
    return len(re.findall(pattern, html))


def test_a_long_practicum_log_shows_fifty_entries_a_page_with_the_same_statements(client, db, login, team,
                                                                                     center):
    clinician = team["clinician"]
    add_entries(db, clinician, center, 3)
    login(clinician)
    small, few = statements_during(db, lambda: client.get("/practicum"))
    add_entries(db, clinician, center, 60)
    first, many = statements_during(db, lambda: client.get("/practicum"))
    assert small.status_code == first.status_code == 200
    assert len(few) == len(many)
    html = first.get_data(as_text=True)
    assert shown(html, r'href="/practicum/entries/\d+"') == 50 and "Page 1 of 2" in html
    second = client.get("/practicum?page=2").get_data(as_text=True)
    assert shown(second, r'href="/practicum/entries/\d+"') == 13 and 'rel="prev"' in second
    assert client.get("/practicum?page=999999999999999999999").status_code == 200  # clamped to the last page
    assert client.get("/practicum?page=abc").status_code == 200


def test_a_supervisor_sees_fifty_waiting_entries_a_page_with_the_same_statements(client, db, login, team, center,
                                                                                 make_user):
    sergeant = make_user(email="brooks@cmpd.test", full_name="Dana Brooks")
    ask(db, add_entries(db, team["officer"], center, 4, status="pending"), sergeant.email)
    login(sergeant)
    small, few = statements_during(db, lambda: client.get("/signoff"))
    ask(db, add_entries(db, team["clinician"], center, 55, status="pending"), sergeant.email)
    first, many = statements_during(db, lambda: client.get("/signoff"))
    assert small.status_code == first.status_code == 200
    assert len(few) == len(many)  # entries and learners come with the requests, not one query each
    html = first.get_data(as_text=True)
    assert shown(html, r'name="request_id"') == 50 and "59 waiting" in html and "Page 1 of 2" in html
    second = client.get("/signoff?page=2").get_data(as_text=True)
    assert shown(second, r'name="request_id"') == 9
