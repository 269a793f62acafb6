"""Instructor-led sessions: scheduling in the center's time zone, waitlist, check-in codes, roster, calendars."""
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from lms.practicum.checkin_codes import current_code
from lms.practicum.models import LiveSession, SessionRegistration

pytestmark = pytest.mark.pg


def session_data(**changes):
    data = {"series": "CD-CP seminar", "title": "Seminar 1: first contact", "on": "2026-11-20",
            "start_time": "10:00", "end_time": "12:00", "place": "Room 2", "video_url": "", "capacity": "30",
            "hours": "2"}
    data.update(changes)
    return data


@pytest.fixture
def seminar(client, login, team, center, db):
    """A two-hour seminar at 10:00 New York time (15:00 UTC) on Nov 20, scheduled by the cohort's trainer."""
    login(team["trainer"])
    response = client.post(f"/centers/{center.slug}/cohorts/{team['cohort'].id}/sessions", data=session_data())
    assert response.status_code == 302
    client.post("/signout")
    return db.session.scalar(select(LiveSession))


def test_a_trainer_schedules_in_the_center_time_zone(seminar):
    assert seminar.starts_at == datetime(2026, 11, 20, 15, 0) and seminar.ends_at == datetime(2026, 11, 20, 17, 0)
    assert seminar.credit_minutes == 120 and len(seminar.secret) == 64


@pytest.mark.parametrize("changes,message", [
    ({"end_time": "09:00"}, "The session ends before it starts"),
    ({"title": ""}, "Enter a title"),
    ({"capacity": "0"}, "Capacity is 1 to 1000 people"),
    ({"hours": "25"}, "Hours credited are between 0.25 and 24"),
    ({"title": "Seminar\x00"}, "NUL byte"),
    ({"video_url": "not a link"}, "Enter a full link"),
])
def test_bad_session_input_is_refused_and_nothing_saved(client, login, team, center, db, changes, message):
    login(team["trainer"])
    response = client.post(f"/centers/{center.slug}/cohorts/{team['cohort'].id}/sessions",
                           data=session_data(**changes))
    # NUL bytes are refused for every request before any view runs (400); everything else by the form (422)
    assert response.status_code == (400 if message == "NUL byte" else 422)
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(LiveSession)) is None


def test_a_full_session_waitlists_and_a_cancellation_promotes(client, login, team, seminar, db):
    seminar.capacity = 1
    db.session.commit()
    login(team["clinician"])
    client.post(f"/sessions/{seminar.id}/register")
    client.post("/signout")
    login(team["officer"])
    response = client.post(f"/sessions/{seminar.id}/register", follow_redirects=True)
    assert "you are on the waitlist" in response.get_data(as_text=True)
    client.post("/signout")
    login(team["clinician"])
    client.post(f"/sessions/{seminar.id}/cancel")
    statuses = {r.user_id: r.status for r in db.session.scalars(select(SessionRegistration))}
    assert statuses == {team["clinician"].id: "cancelled", team["officer"].id: "registered"}


def test_check_in_with_the_code_works_once_and_only_in_the_window(client, login, team, seminar, clock, db):
    login(team["clinician"])
    client.post(f"/sessions/{seminar.id}/register")
    clock.now = seminar.starts_at - timedelta(minutes=30)
    early = client.post("/check-in", data={"code": current_code(seminar.secret, clock.now)})
    assert early.status_code == 422 and "not valid now" in early.get_data(as_text=True)
    clock.now = seminar.starts_at + timedelta(minutes=20, seconds=10)
    stale = current_code(seminar.secret, clock.now - timedelta(minutes=2))
    assert client.post("/check-in", data={"code": stale}).status_code == 422  # an expired code
    code = current_code(seminar.secret, clock.now)
    clock.advance(seconds=55)  # the previous minute's code still works
    ok = client.post("/check-in", data={"code": code}, follow_redirects=True)
    assert "Checked in to “Seminar 1: first contact”. You were 21 minutes late." in ok.get_data(as_text=True)
    twice = client.post("/check-in", data={"code": current_code(seminar.secret, clock.now)})
    assert "already checked in" in twice.get_data(as_text=True)
    row = db.session.scalar(select(SessionRegistration))
    assert (row.attended, row.check_in_method, row.late_minutes, row.credited_minutes) == (True, "code", 21, 99)
    clock.now = seminar.ends_at + timedelta(minutes=1)
    client.post("/signout")
    login(team["officer"])
    after = client.post("/check-in", data={"code": current_code(seminar.secret, clock.now)})
    assert after.status_code == 422


def test_a_shared_code_cannot_check_in_someone_not_registered(client, login, team, seminar, clock):
    clock.now = seminar.starts_at
    login(team["officer"])
    response = client.post("/check-in", data={"code": current_code(seminar.secret, clock.now)})
    assert response.status_code == 422
    assert "You are not registered" in response.get_data(as_text=True)
    assert "Ask the trainer to add you on the roster" in response.get_data(as_text=True)


def test_the_trainer_marks_the_roster_with_partial_hours(client, login, team, seminar, center, db, clock):
    for learner in (team["clinician"], team["officer"]):
        login(learner)
        client.post(f"/sessions/{seminar.id}/register")
        client.post("/signout")
    login(team["trainer"])
    rows = {r.user_id: r.id for r in db.session.scalars(select(SessionRegistration))}
    clinician, officer = rows[team["clinician"].id], rows[team["officer"].id]
    url = f"/centers/{center.slug}/sessions/{seminar.id}"
    bad = client.post(url, data={f"attended_{clinician}": "y", f"late_{clinician}": "-5"})
    assert bad.status_code == 422 and "whole numbers" in bad.get_data(as_text=True)
    assert client.post(url, data={f"attended_{clinician}": "y", f"late_{clinician}": "30",
                                  f"early_{clinician}": "30", f"attended_{officer}": "y"}).status_code == 302
    db.session.expire_all()
    credited = {r.user_id: r.credited_minutes for r in db.session.scalars(select(SessionRegistration))}
    assert credited == {team["clinician"].id: 60, team["officer"].id: 120}
    clock.now = seminar.starts_at - timedelta(hours=1)
    code_page = client.get(f"{url}/code")
    assert code_page.status_code == 200 and "Check-in is closed" in code_page.get_data(as_text=True)
    clock.now = seminar.starts_at
    assert current_code(seminar.secret, clock.now)[:3] in client.get(f"{url}/code").get_data(as_text=True)
    assert client.get(f"{url}/qr.svg").data.startswith(b"<svg")


def test_a_trainer_registers_a_learner_of_the_cohort_only(client, login, team, seminar, center, db, make_user):
    login(team["trainer"])
    url = f"/centers/{center.slug}/sessions/{seminar.id}"
    assert "Register a learner of the cohort" in client.get(url).get_data(as_text=True)
    stranger = make_user()
    refused = client.post(f"{url}/add", data={"user_id": str(stranger.id)}, follow_redirects=True)
    assert "Choose a learner of this cohort" in refused.get_data(as_text=True)
    added = client.post(f"{url}/add", data={"user_id": str(team["officer"].id)}, follow_redirects=True)
    assert "Jordan Ellis: registered." in added.get_data(as_text=True)
    assert [r.user_id for r in db.session.scalars(select(SessionRegistration))] == [team["officer"].id]


def test_calendar_feeds_follow_a_moved_session(client, login, team, seminar, center, db):
    login(team["clinician"])
    client.post(f"/sessions/{seminar.id}/register")
    page = client.get("/sessions").get_data(as_text=True)
    feed = page.split("/calendar/")[1].split(".ics")[0]
    client.post("/signout")
    first = Calendar.from_ical(client.get(f"/calendar/{feed}.ics").data)
    [event] = first.walk("VEVENT")
    assert event["SUMMARY"] == "Seminar 1: first contact" and int(event["SEQUENCE"]) == 0
    login(team["trainer"])
    client.post(f"/centers/{center.slug}/sessions/{seminar.id}/edit", data=session_data(start_time="13:00",
                                                                                        end_time="15:00"))
    cohort_page = client.get(f"/centers/{center.slug}/cohorts/{team['cohort'].id}/sessions").get_data(as_text=True)
    cohort_feed = cohort_page.split("/calendar/")[1].split(".ics")[0]
    client.post("/signout")
    for token in (feed, cohort_feed):
        [moved] = Calendar.from_ical(client.get(f"/calendar/{token}.ics").data).walk("VEVENT")
        assert moved.decoded("DTSTART").hour == 18 and int(moved["SEQUENCE"]) == 1
    assert client.get("/calendar/forged.ics").status_code == 404


def test_only_the_cohort_trainers_and_admins_run_its_sessions(client, login, team, seminar, center, make_user):
    other_trainer = make_user("trainer")
    login(other_trainer)
    assert client.get(f"/centers/{center.slug}/sessions/{seminar.id}").status_code == 404
    assert client.get(f"/centers/{center.slug}/cohorts/{team['cohort'].id}/sessions").status_code == 404
    client.post("/signout")
    outsider = make_user()
    login(outsider)
    assert client.post(f"/sessions/{seminar.id}/register").status_code == 404
