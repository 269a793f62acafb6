"""Demo data for `make run`: a regional training center, its people (three teams of learners, a trainer, an agency
coordinator, a center admin, a site admin), a program of the center's own (lms.demo_programs) and a cohort with
mixed progress (lms.demo_cohort). Idempotent."""
from __future__ import annotations

from lms.auth.models import User
from lms.auth.service import find_user_by_email, register_user
from lms.centers.service import create_center, set_role
from lms.demo_practicum import create_practicum_demo
from lms.demo_programs import create_demo_program

DEMO_PASSWORD = "cross-train-2026"
DEMO_CENTER = ("Southeast Regional Training Center", "Charlotte-Mecklenburg, NC")
DEMO_USERS = [
    ("Officer (learner)", "officer@demo.cdcp.test", "Jordan Ellis", "officer", "Charlotte-Mecklenburg Police", "learner"),
    ("Clinician (learner)", "clinician@demo.cdcp.test", "Dr. Priya Raman", "clinician", "Mecklenburg County Public Health", "learner"),
    ("CPS worker (learner)", "cps@demo.cdcp.test", "Marcus Webb", "cps_worker", "Youth and Family Services", "learner"),
    ("Trainer", "trainer@demo.cdcp.test", "Angela Torres", "clinician", "Southeast Regional Training Center", "trainer"),
    ("Center admin", "admin@demo.cdcp.test", "Sam Whitaker", "other", "Southeast Regional Training Center", "center_admin"),
    ("Agency coordinator", "coordinator@demo.cdcp.test", "Lt. Pat Demoworth", "officer", "Charlotte-Mecklenburg Police", "agency_coordinator"),
]
# More learners of the demo cohort, with names that are clearly made up (they sign in with the same password).
DEMO_LEARNERS = [
    ("officer2@demo.cdcp.test", "Alex Sampleton", "officer", "Charlotte-Mecklenburg Police"),
    ("clinician2@demo.cdcp.test", "Robin Example, LCSW", "clinician", "Mecklenburg County Public Health"),
    ("cps2@demo.cdcp.test", "Casey Placeholder", "cps_worker", "Youth and Family Services"),
    ("officer3@demo.cdcp.test", "Drew Fictional", "officer", "Charlotte-Mecklenburg Police"),
    ("clinician3@demo.cdcp.test", "Dr. Jamie Mockford", "clinician", "Mecklenburg County Public Health"),
    ("cps3@demo.cdcp.test", "Sky Demoson", "cps_worker", "Youth and Family Services"),
]
DEMO_SITE_ADMIN = ("Site admin", "siteadmin@demo.cdcp.test", "Site Administrator")


def create_demo_data() -> list[tuple[str, str]]:
    """Create (or reuse) the demo center and accounts; returns (role label, email) pairs."""
    center = create_center(name=DEMO_CENTER[0], region=DEMO_CENTER[1])
    printed = []
    for label, email, name, discipline, agency, role in DEMO_USERS:
        user = _ensure_user(email=email, full_name=name, discipline=discipline, agency=agency, center_id=center.id)
        set_role(user_id=user.id, center_id=center.id, role=role)
        printed.append((label, email))
    for email, name, discipline, agency in DEMO_LEARNERS:
        _ensure_user(email=email, full_name=name, discipline=discipline, agency=agency, center_id=center.id)
    printed.append(("More cohort learners", "officer2@, clinician2@, cps2@, officer3@ ... @demo.cdcp.test"))
    label, email, name = DEMO_SITE_ADMIN
    _ensure_user(email=email, full_name=name, discipline="other", agency="", center_id=None, site_admin=True)
    printed.append((label, email))
    create_demo_program(center)
    _certificate_setup(center)
    from lms.demo_cohort import create_demo_cohort

    create_demo_cohort(center)
    from lms.demo_evaluations import evaluate_finishers

    evaluate_finishers(center)
    create_practicum_demo(center)
    return printed


def _certificate_setup(center) -> None:
    """Fictional signatory and accreditation numbers, and a self-signed key, so certificates can be issued."""
    from sqlalchemy import select

    from lms.certificates.issuing.center_keys import active_key, create_center_key
    from lms.certificates.issuing.center_settings import save_settings, settings_for
    from lms.extensions import db
    from lms.programs.models import Program

    if not settings_for(center.id).signatory_name:
        programs = {p.id: ("DEMO-POST-0001", "DEMO ONLY: approval statement of the center's CE accrediting body "
                                              "goes here.") for p in db.session.scalars(select(Program))}
        save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. Renee Castillo",
                      signatory_title="Director of Training", ce_provider_name=center.name,
                      ce_provider_number="DEMO-CE-0001", requires_approval=False, programs=programs)
    if active_key(center.id) is None:
        create_center_key(center)


def _ensure_user(*, email: str, full_name: str, discipline: str, agency: str, center_id: int | None,
                 site_admin: bool = False) -> User:
    user = find_user_by_email(email)
    if user is None:
        user = register_user(email=email, password=DEMO_PASSWORD, full_name=full_name, discipline=discipline,
                             agency=agency, center_id=center_id, is_site_admin=site_admin)
    return user
