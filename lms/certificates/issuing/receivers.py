"""Completing the last module of a program requests its certificate at once, in the same transaction.

Connected by init_app (from create_app), not by importing this module."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from lms.centers.service import primary_membership
from lms.certificates.issuing.eligibility import eligible_users
from lms.certificates.issuing.service import request_certificate
from lms.curriculum.models import Module
from lms.evaluations.signals import evaluation_submitted
from lms.extensions import db
from lms.practicum.signals import practicum_counted
from lms.programs.models import ProgramVersion
from lms.programs.selectors import current_versions
from lms.programs.spec import ProgramSpec
from lms.progress.signals import module_completed


def _earnable(user_id: int) -> list[tuple[ProgramVersion, int]]:
    """(current version, issuing center) of each program the learner may earn: a shared program through their home
    center, a center's own program through that center (only while they are a member of it)."""
    membership = primary_membership(user_id)
    home = membership.center_id if membership is not None else None
    found = [(version, owner if owner is not None else home) for version, owner in current_versions(user_id=user_id)]
    return [(version, center_id) for version, center_id in found if center_id is not None]


def _request_when_program_complete(_sender, *, user_id: int, module_id: int, **_extra) -> None:
    """For each program that needs this module, request the certificate if the learner now qualifies."""
    slug = db.session.scalar(select(Module.slug).where(Module.id == module_id))
    for version, center_id in _earnable(user_id):
        if slug in ProgramSpec.from_dict(version.spec).modules and eligible_users(
                center_id=center_id, version=version, user_ids=[user_id]):
            request_certificate(user_id=user_id, center_id=center_id, version=version)


def _request_when_practicum_counts(_sender, *, user_id: int, **_extra) -> None:
    """A signed activity or an attended session may be the last requirement of a program: request it then."""
    for version, center_id in _earnable(user_id):
        spec = ProgramSpec.from_dict(version.spec)
        if (spec.activities or spec.sessions) and eligible_users(center_id=center_id, version=version,
                                                                 user_ids=[user_id]):
            request_certificate(user_id=user_id, center_id=center_id, version=version)


def _request_when_evaluated(_sender, *, user_id: int, program_id: int, **_extra) -> None:
    """The course evaluation may be the last step of a program: request its certificate then."""
    for version, center_id in _earnable(user_id):
        if version.program_id == program_id and eligible_users(center_id=center_id, version=version,
                                                               user_ids=[user_id]):
            request_certificate(user_id=user_id, center_id=center_id, version=version)


def init_app(app: Flask) -> None:
    """Connect the certificate receivers to the signals of the areas below (once per process)."""
    module_completed.connect(_request_when_program_complete)
    practicum_counted.connect(_request_when_practicum_counts)
    evaluation_submitted.connect(_request_when_evaluated)
