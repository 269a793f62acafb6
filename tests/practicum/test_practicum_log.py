"""Logging a field activity: validation, drafts, the identifying-text check, and who sees what."""
import pytest
from sqlalchemy import func, select

from lms.practicum.models import PracticumEntry, SignoffRequest
from tests.practicum.conftest import entry_data, outbox_links

pytestmark = pytest.mark.pg


def entries(db):
    return db.session.scalar(select(func.count()).select_from(PracticumEntry))


def test_a_submitted_entry_emails_both_signers_a_link_and_waits(client, login, team, supervisors, db, tmp_path):
    login(team["clinician"])
    response = client.post("/practicum/new", data=entry_data(partners=[str(team["officer"].id)]))
    assert response.status_code == 302
    entry = db.session.scalar(select(PracticumEntry))
    assert (entry.status, entry.minutes, entry.partner_ids) == ("pending", 330, str(team["officer"].id))
    assert sorted(r.role for r in entry.signoffs) == ["clinical", "police"]
    assert set(outbox_links(tmp_path)) == {"brooks@cmpd.test", "chen@clinic.test"}
    assert all(len(r.token_hash) == 64 for r in entry.signoffs)
    page = client.get(f"/practicum/entries/{entry.id}").get_data(as_text=True)
    assert "waiting for Sgt. Dana Brooks" in page


@pytest.mark.parametrize("changes,message", [
    ({"occurred_on": "2026-11-21"}, "The date is in the future"),
    ({"start_time": "", "end_time": "", "hours": "25"}, "Hours must be between 0.25 and 24"),
    ({"start_time": "23:00", "end_time": "18:00"}, "The end time is before the start time"),
    ({"clinical_signer": "friend@gmail.test"}, "is not on the center&#39;s list of approved clinical supervisors"),
    ({"reflection": "x" * 2001}, "The reflection is at most 2000 characters"),
    ({"reflection": "Rode along.\x00"}, "NUL byte"),
    ({"unit": "Unit\x00"}, "NUL byte"),
    ({"reflection": "Talked with her son Tyler, DOB 3/14/2017."}, "Looks like a child&#39;s name: “son Tyler”"),
    ({"reflection": "Went to 1412 Oak Hill Drive, case no. 26-0042."}, "Looks like a street address"),
    ({"start_time": "", "end_time": "", "hours": ""}, "Enter the start and end times, or the hours"),
])
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(client, login, team, supervisors, db, changes,
                                                             message):
    login(team["clinician"])
    response = client.post("/practicum/new", data=entry_data(**changes))
    # NUL bytes are refused for every request before any view runs (400); everything else by the form (422)
    assert response.status_code == (400 if message == "NUL byte" else 422)
    assert message in response.get_data(as_text=True)
    assert entries(db) == 0


def test_the_page_says_why_family_details_do_not_belong(client, login, team, supervisors):
    login(team["clinician"])
    page = client.get("/practicum/new").get_data(as_text=True)
    assert "Training records, not case notes" in page and "/static/js/practicum-draft." in page
    assert "Sgt. Dana Brooks (Charlotte-Mecklenburg Police)" in page and "Jordan Ellis" in page


def test_a_draft_saves_incomplete_and_autosave_answers_json(client, login, team, supervisors, db):
    login(team["clinician"])
    response = client.post("/practicum/new", data={"kind": "case_conference", "reflection": "Half a thought",
                                                   "action": "draft", "occurred_on": ""})
    assert response.status_code == 302
    draft = db.session.scalar(select(PracticumEntry))
    assert (draft.status, draft.kind, draft.occurred_on) == ("draft", "case_conference", None)
    saved = client.post("/practicum/autosave", data={"entry_id": str(draft.id), "kind": "case_conference",
                                                      "reflection": "A whole thought", "occurred_on": "2026-11-18"})
    assert saved.status_code == 200 and saved.json == {"saved": True, "id": draft.id,
                                                        "edit_url": f"/practicum/entries/{draft.id}/edit"}
    db.session.expire_all()
    assert db.session.get(PracticumEntry, draft.id).reflection == "A whole thought"
    fresh = client.post("/practicum/autosave", data={"kind": "ride_along", "reflection": "Another"})
    assert fresh.json["saved"] and fresh.json["id"] != draft.id


def test_autosave_refuses_identifying_text_and_keeps_the_last_safe_draft(client, login, team, supervisors, db):
    login(team["clinician"])
    first = client.post("/practicum/autosave", data={"kind": "ride_along", "reflection": "Safe words"}).json
    refused = client.post("/practicum/autosave", data={"entry_id": str(first["id"]), "kind": "ride_along",
                                                        "reflection": "call mom at 704-555-0142"})
    assert refused.status_code == 422 and not refused.json["saved"]
    assert "phone number" in refused.json["problems"][0]
    db.session.expire_all()
    assert db.session.get(PracticumEntry, first["id"]).reflection == "Safe words"


def test_a_learner_sees_only_their_own_entries(client, login, team, supervisors, db, make_user):
    login(team["clinician"])
    client.post("/practicum/new", data=entry_data())
    entry_id = db.session.scalar(select(PracticumEntry.id))
    client.post("/signout")
    login(team["officer"])
    assert client.get(f"/practicum/entries/{entry_id}").status_code == 404
    assert client.get(f"/practicum/entries/{entry_id}/edit").status_code == 404
    assert client.post("/practicum/autosave", data={"entry_id": str(entry_id), "reflection": "x"}).status_code == 404
    assert f"/practicum/entries/{entry_id}" not in client.get("/practicum").get_data(as_text=True)


def test_a_sent_entry_cannot_be_edited_again_until_returned(client, login, team, supervisors, db):
    login(team["clinician"])
    client.post("/practicum/new", data=entry_data())
    entry_id = db.session.scalar(select(PracticumEntry.id))
    assert client.post(f"/practicum/entries/{entry_id}/edit", data=entry_data(hours="3")).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(SignoffRequest)) == 2
