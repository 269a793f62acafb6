"""The program's `signers` per activity kind decide which signatures are asked for and which make an entry count."""
import pytest
from sqlalchemy import select

from lms.certificates.models import IssuanceRequest
from lms.practicum.models import PracticumEntry, SignoffRequest
from lms.practicum.progress import practicum_requirements
from lms.practicum.selectors import counted_entries
from lms.practicum.signer_rules import counts_for, signers_needed
from lms.programs.service import publish_program
from tests.practicum.conftest import entry_data, outbox_links
from tests.practicum.test_program_requirements import parse

pytestmark = pytest.mark.pg

POLICE_ONLY = {"count": 1, "hours": 0.0, "for": ["clinician"], "signers": ["police"]}
CLINICAL_ONLY = {"count": 1, "hours": 0.0, "for": ["clinician", "officer"], "signers": ["clinical"]}


def test_the_signers_needed_are_the_union_of_the_programs_rules_for_the_discipline():
    assert signers_needed("ride_along", "clinician", [{"ride_along": POLICE_ONLY}]) == ("police",)
    assert signers_needed("ride_along", "clinician", [{"ride_along": POLICE_ONLY},
                                                      {"ride_along": CLINICAL_ONLY}]) == ("police", "clinical")
    assert signers_needed("ride_along", "officer", [{"ride_along": POLICE_ONLY},
                                                    {"ride_along": CLINICAL_ONLY}]) == ("clinical",)
    # no program names the kind for this discipline: the default, both supervisors
    assert signers_needed("ride_along", "cps_worker", [{"ride_along": POLICE_ONLY}]) == ("police", "clinical")
    assert signers_needed("home_visit", "clinician", []) == ("police", "clinical")


def test_an_entry_counts_for_a_rule_only_when_the_rules_signers_signed_it():
    assert counts_for(POLICE_ONLY, ("police",)) and counts_for(POLICE_ONLY, ("police", "clinical"))
    assert not counts_for(CLINICAL_ONLY, ("police",))
    both = {"count": 1, "for": ["clinician"], "signers": ["police", "clinical"]}
    [requirement] = practicum_requirements(activities={"ride_along": both}, sessions=(), discipline="clinician",
                                           entries=[("ride_along", 300, ("police",))], attended_series=[])
    assert requirement.done == 0  # signed under a rule that needed the police supervisor only
    [requirement] = practicum_requirements(activities={"ride_along": POLICE_ONLY}, sessions=(),
                                           discipline="clinician", entries=[("ride_along", 300, ("police",))],
                                           attended_series=[])
    assert requirement.met


@pytest.fixture
def police_only_program(db, center, content):
    """'sample' needs sample-module and one ride-along signed by the police supervisor only."""
    from lms.certificates.issuing.center_keys import create_center_key
    from lms.certificates.issuing.center_settings import save_settings

    version = publish_program(parse(
        "activities:\n  ride_along: {count: 1, for: [clinician], signers: [police]}\n")).version
    db.session.commit()
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False,
                  programs={version.program_id: ("POST-1", "Approved.")})
    create_center_key(center)
    return version


def test_a_police_only_kind_asks_only_the_police_supervisor_and_counts_on_that_signature(
        client, login, db, team, supervisors, police_only_program, tmp_path):
    clinician = team["clinician"]
    login(clinician)
    for lesson in ("first-lesson", "second-lesson"):
        client.post(f"/modules/sample-module/lessons/{lesson}/done")
    form = client.get("/practicum/new").get_data(as_text=True)
    assert "Signs: Case conference, Joint debrief" in form  # the clinical supervisor no longer signs ride-alongs
    # the clinical supervisor's field may stay empty for a ride-along
    assert client.post("/practicum/new", data=entry_data(clinical_signer="")).status_code == 302
    entry = db.session.scalar(select(PracticumEntry))
    assert entry.signers == {"police": "brooks@cmpd.test"}
    assert [r.role for r in db.session.scalars(select(SignoffRequest))] == ["police"]
    client.post("/signout")
    links = outbox_links(tmp_path)
    assert set(links) == {"brooks@cmpd.test"}
    done = client.post(links["brooks@cmpd.test"], data={"decision": "approved"})
    assert "Every required signature is in" in done.get_data(as_text=True)
    db.session.expire_all()
    assert [e.id for e in counted_entries(clinician.id)] == [entry.id]
    assert db.session.scalars(select(IssuanceRequest.user_id)).all() == [clinician.id]


def test_a_kind_the_program_does_not_name_still_needs_both_signers(client, login, db, team, supervisors,
                                                                   police_only_program):
    login(team["clinician"])
    refused = client.post("/practicum/new", data=entry_data(kind="case_conference", clinical_signer=""))
    assert refused.status_code == 422 and "Enter the email of your clinical supervisor" in refused.get_data(
        as_text=True)
    assert db.session.scalar(select(PracticumEntry)) is None


def test_an_officer_not_held_to_the_rule_asks_both_supervisors(client, login, db, team, supervisors,
                                                               police_only_program, tmp_path):
    login(team["officer"])
    assert client.post("/practicum/new", data=entry_data()).status_code == 302
    assert sorted(r.role for r in db.session.scalars(select(SignoffRequest))) == ["clinical", "police"]
