"""Demo data for `make run`: one regional training center with a learner of each discipline, a trainer and an admin."""
from __future__ import annotations

from lms.auth.models import User
from lms.auth.service import find_user_by_email, register_user
from lms.centers.service import create_center, set_role
from lms.demo_practicum import create_practicum_demo

DEMO_PASSWORD = "cross-train-2026"
DEMO_CENTER = ("Southeast Regional Training Center", "Charlotte-Mecklenburg, NC")
DEMO_USERS = [
    ("Officer (learner)", "officer@demo.cdcp.test", "Jordan Ellis", "officer", "Charlotte-Mecklenburg Police", "learner"),
    ("Clinician (learner)", "clinician@demo.cdcp.test", "Dr. Priya Raman", "clinician", "Mecklenburg County Public Health", "learner"),
    ("CPS worker (learner)", "cps@demo.cdcp.test", "Marcus Webb", "cps_worker", "Youth and Family Services", "learner"),
    ("Trainer", "trainer@demo.cdcp.test", "Angela Torres", "clinician", "Southeast Regional Training Center", "trainer"),
    ("Center admin", "admin@demo.cdcp.test", "Sam Whitaker", "other", "Southeast Regional Training Center", "center_admin"),
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
    label, email, name = DEMO_SITE_ADMIN
    _ensure_user(email=email, full_name=name, discipline="other", agency="", center_id=None, site_admin=True)
    printed.append((label, email))
    _certificate_setup(center)
    create_practicum_demo(center)
    return printed


def _certificate_setup(center) -> None:
    """Fictional signatory and accreditation numbers, and a self-signed key, so certificates can be issued."""
    from sqlalchemy import select

    from lms.certificates.center_settings import save_settings, settings_for
    from lms.certificates.keyring import active_key, create_center_key
    from lms.certificates.models import Program
    from lms.extensions import db

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
