"""Center-program fixtures: the sample content, the center's own published module 'our-county' (four lessons, 40
minutes, made and published through the authoring services), and a center that issues without approval."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.curriculum.models import Module
from lms.programs.center_service import ProgramFields

LESSONS = ("first", "second", "third", "fourth")


def fields(**changes) -> ProgramFields:
    """A valid program of the shared sample module and the center's own module."""
    base = dict(title="County refresher", summary="Our county's refresher.", modules=("sample-module", "our-county"),
                ce_hours=1.0, validity_months=12, layouts={"officer": "post", "clinician": "ce", "cps_worker": "ce",
                                                           "other": "ce"},
                objectives=("Describe the county's referral routes", "Apply the scene protocol"),
                post_authority="State POST", ce_category="Clinical practice", delivery_format="Online",
                course_level="Introductory")
    return ProgramFields(**{**base, **changes})


def publish_own_module(db, center, make_user, slug: str = "our-county") -> Module:
    """A module the center owns, published through the authoring services."""
    from lms.authoring.new_module import create_center_module
    from lms.authoring.service import approve_and_publish, submit
    from tests.authoring.conftest import module_files

    author, reviewer = make_user("trainer", center_obj=center), make_user("center_admin", center_obj=center)
    draft = create_center_module(center_id=center.id, slug=slug, title="Our county's referrals", actor_id=author.id)
    draft.files = module_files()
    db.session.commit()
    submit(draft, note="First version.", expected=draft.lock_version, actor_id=author.id)
    approve_and_publish(draft, expected=draft.lock_version, actor_id=reviewer.id)
    return db.session.scalar(select(Module).where(Module.slug == slug))


@pytest.fixture
def own_module(db, center, make_user, content):
    """The center's own published module, beside the shared sample content."""
    return publish_own_module(db, center, make_user)


@pytest.fixture
def issuing(db, center):
    """The center signs and issues without approval."""
    from lms.certificates.issuing.center_keys import create_center_key
    from lms.certificates.issuing.center_settings import save_settings

    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False, programs={})
    create_center_key(center)
