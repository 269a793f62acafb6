"""Who met a program's field work and sessions is found in the same few queries for 5 learners or 60, and
each learner is judged on their own entries, discipline and attendance."""
from datetime import datetime

import pytest
from sqlalchemy import insert, select

from lms.auth.models import User
from lms.centers.cohort_models import Cohort
from lms.centers.models import Membership
from lms.certificates.issuing.eligibility import completed_members
from lms.curriculum.models import Module
from lms.practicum.models import LiveSession, PracticumEntry, SessionRegistration
from lms.programs.service import publish_program
from lms.progress.models import ModuleCompletion
from tests.practicum.test_program_requirements import parse
from tests.support.statements import statements_during

pytestmark = pytest.mark.pg

BOTH = {"police": "brooks@cmpd.test", "clinical": "chen@clinic.test"}


@pytest.fixture
def version(db, content):
    version = publish_program(parse("activities:\n  ride_along: {count: 2, for: [clinician]}\n"
                                    "sessions:\n  - {series: CD-CP seminar, attend: 1}\n")).version
    db.session.commit()
    return version


def learners(db, center, count: int, tag: str = "a") -> dict[str, list[int]]:
    """`count` learners of each kind, all with the module done: clinicians who met everything, clinicians one
    signature short, clinicians whose second ride-along was replaced by a signed correction, officers (no
    ride-along asked) who attended, officers who did not."""
    kinds = ("met", "one_signer", "corrected", "officer_met", "officer_absent")
    rows = [{"email": f"{kind}{n}.{tag}@scale.test", "full_name": f"{kind} {n}", "password_hash": "x",
             "discipline": "officer" if kind.startswith("officer") else "clinician", "agency": "PD",
             "is_site_admin": False, "session_token": f"{kind}{n}{tag}", "failed_logins": 0}
            for kind in kinds for n in range(count)]
    db.session.execute(insert(User), rows)
    ids = {kind: list(db.session.scalars(select(User.id).where(User.email.like(f"{kind}%.{tag}@scale.test"))
                                         .order_by(User.id))) for kind in kinds}
    everyone = [uid for group in ids.values() for uid in group]
    module = db.session.scalar(select(Module).where(Module.slug == "sample-module"))
    db.session.execute(insert(Membership), [{"user_id": uid, "center_id": center.id, "role": "learner"}
                                            for uid in everyone])
    db.session.execute(insert(ModuleCompletion), [{"user_id": uid, "module_id": module.id,
                                                   "version_id": module.current_version_id} for uid in everyone])
    cohort = Cohort(center_id=center.id, name=f"Scale {tag}")
    db.session.add(cohort)
    db.session.flush()
    seminar = LiveSession(cohort_id=cohort.id, series="CD-CP seminar", title="Seminar 1", secret="s",
                          starts_at=datetime(2026, 11, 2, 15), ends_at=datetime(2026, 11, 2, 17))
    db.session.add(seminar)
    db.session.flush()
    attended = [uid for kind in kinds if kind != "officer_absent" for uid in ids[kind]]
    db.session.execute(insert(SessionRegistration), [{"session_id": seminar.id, "user_id": uid, "attended": True}
                                                     for uid in attended])
    for uid in ids["met"] + ids["corrected"]:
        for day in (3, 4):
            db.session.add(PracticumEntry(user_id=uid, center_id=center.id, kind="ride_along", status="signed",
                                          occurred_on=datetime(2026, 11, day).date(), signers=BOTH))
    for uid in ids["one_signer"]:
        for signers in (BOTH, {"police": BOTH["police"]}):
            db.session.add(PracticumEntry(user_id=uid, center_id=center.id, kind="ride_along", status="signed",
                                          signers=signers))
    db.session.flush()
    for uid in ids["corrected"]:  # a signed correction (to a case conference) replaces the second ride-along
        second = db.session.scalar(select(PracticumEntry).where(PracticumEntry.user_id == uid)
                                   .order_by(PracticumEntry.id.desc()).limit(1))
        db.session.add(PracticumEntry(user_id=uid, center_id=center.id, kind="case_conference", status="signed",
                                      signers=BOTH, supersedes_id=second.id))
    db.session.commit()
    return ids


def test_each_learner_is_judged_on_their_own_field_work_discipline_and_attendance(db, center, version):
    ids = learners(db, center, 3)
    complete = completed_members(center_id=center.id, version=version)
    assert sorted(complete) == sorted(ids["met"] + ids["officer_met"])


def test_the_number_of_queries_does_not_grow_with_the_learners(db, center, version):
    def run(ids):
        everyone = [uid for group in ids.values() for uid in group]
        return statements_during(db, lambda: completed_members(center_id=center.id, version=version,
                                                               user_ids=everyone))

    _, few = run(learners(db, center, 1, "small"))
    complete, many = run(learners(db, center, 12, "large"))
    assert len(complete) == 24
    assert len(many) == len(few)
