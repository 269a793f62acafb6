"""Demo data: a program of the demo center's own, made of two shared modules, as its admin would make it on the
Programs page (lms.programs.center_service). Idempotent; skipped when the shipped modules are not imported."""
from __future__ import annotations

from sqlalchemy import select

from lms.curriculum.models import Module
from lms.extensions import db
from lms.programs.center_service import ProgramFields, create_center_program
from lms.programs.selectors import center_program

SLUG = "annual-refresher"
MODULES = ("de-escalation-and-crisis-intervention", "secondary-traumatic-stress")
FIELDS = ProgramFields(
    title="Annual Refresher: De-escalation and Responder Self-Care",
    summary="The center's own yearly refresher for officers, clinicians and CPS workers who completed the core "
            "program: de-escalation on scene, and secondary traumatic stress.",
    modules=MODULES, ce_hours=1.0, validity_months=12,
    layouts={"officer": "post", "clinician": "ce", "cps_worker": "ce", "other": "ce"},
    objectives=("Choose de-escalation responses for children and caregivers in crisis",
                "Recognize secondary traumatic stress and use team supports"),
    post_authority="State Police Officer Standards and Training (POST) commission",
    ce_category="Clinical practice: trauma-informed care of children and families",
    delivery_format="Self-paced online modules", course_level="Intermediate")


def create_demo_program(center) -> None:
    """The demo center's refresher program, unless it exists or its modules are missing."""
    if center_program(center.id, SLUG) is not None:
        return
    published = set(db.session.scalars(select(Module.slug).where(Module.slug.in_(MODULES),
                                                                 Module.current_version_id.is_not(None))))
    if published == set(MODULES):
        create_center_program(center_id=center.id, slug=SLUG, fields=FIELDS, actor_id=None)
