"""Evaluation fixtures: a program 'sample' (sample-module only) that requires the evaluation, issuable at the
center."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.certificates.models import IssuanceRequest
from lms.programs.service import publish_program
from lms.programs.spec import parse_program

PROGRAM = """title: Sample
modules: [sample-module]
ce_hours: 2
layouts: {officer: post, clinician: ce, cps_worker: ce, other: ce}
objectives: [Describe the sample, Apply the sample]
accreditation: {}
evaluation: required
"""
ANSWERS = {"objective_1": "5", "objective_2": "4", "relevance": "5", "free_of_bias": "yes",
           "free_of_commercial": "yes", "comments": "Clear scenarios.", "attest": "y"}


@pytest.fixture
def evaluated_program(db, center, content):
    """'sample' with `evaluation: required`; the center issues without approval."""
    from lms.certificates.issuing.center_keys import create_center_key
    from lms.certificates.issuing.center_settings import save_settings

    spec = parse_program(PROGRAM, "programs/sample.yaml", slug="sample",
                         module_slugs={"sample-module", "quiz-module"})
    version = publish_program(spec).version
    db.session.commit()
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False,
                  programs={version.program_id: ("POST-1", "Approved.")})
    create_center_key(center)
    return version


def requests_for(db, version) -> list[int]:
    return list(db.session.scalars(select(IssuanceRequest.user_id).where(
        IssuanceRequest.program_version_id == version.id)))


def finish_sample_module(client) -> None:
    for lesson in ("first-lesson", "second-lesson"):
        client.post(f"/modules/sample-module/lessons/{lesson}/done")
