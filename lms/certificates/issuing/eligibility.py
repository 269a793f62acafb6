"""Who has completed a program, and who already holds (or awaits) its certificate."""
from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select

from lms.centers.models import Membership
from lms.certificates.models import Certificate, CertificateRevocation, IssuanceRequest
from lms.certificates.request_states import OPEN
from lms.curriculum.models import Module
from lms.evaluations.eligibility import without_missing_evaluations
from lms.extensions import db
from lms.programs.models import ProgramVersion
from lms.programs.spec import ProgramSpec
from lms.progress.models import ModuleCompletion
from lms.timeutil import utcnow


def completed_slugs(user_ids: list[int]) -> dict[int, set[str]]:
    """Module slugs each user has completed (any version), in one query."""
    done: dict[int, set[str]] = {uid: set() for uid in user_ids}
    rows = db.session.execute(select(ModuleCompletion.user_id, Module.slug).join(
        Module, Module.id == ModuleCompletion.module_id).where(ModuleCompletion.user_id.in_(user_ids)))
    for user_id, slug in rows:
        done[user_id].add(slug)
    return done


def holders(program_id: int, user_ids: list[int], now: datetime | None = None) -> set[int]:
    """Users who hold a live certificate of the program or have a request for it under way."""
    now = now or utcnow()
    superseded = select(Certificate.supersedes_id).where(Certificate.supersedes_id.is_not(None))
    live = select(Certificate.user_id).join(ProgramVersion).where(
        ProgramVersion.program_id == program_id, Certificate.user_id.in_(user_ids),
        Certificate.id.not_in(select(CertificateRevocation.certificate_id)), Certificate.id.not_in(superseded),
        (Certificate.expires_at.is_(None)) | (Certificate.expires_at > now))
    pending = select(IssuanceRequest.user_id).join(ProgramVersion).where(
        ProgramVersion.program_id == program_id, IssuanceRequest.user_id.in_(user_ids),
        IssuanceRequest.status.in_(OPEN))
    return set(db.session.scalars(live)) | set(db.session.scalars(pending))


def revoked_holders(program_id: int, user_ids: list[int]) -> set[int]:
    """Users one of whose certificates of the program was revoked."""
    return set(db.session.scalars(select(Certificate.user_id).join(ProgramVersion).join(
        CertificateRevocation, CertificateRevocation.certificate_id == Certificate.id).where(
        ProgramVersion.program_id == program_id, Certificate.user_id.in_(user_ids))))


def completed_members(*, center_id: int, version: ProgramVersion, user_ids: list[int] | None = None) -> list[int]:
    """Members of the center (or of `user_ids`) who completed every module of the program."""
    spec = ProgramSpec.from_dict(version.spec)
    if user_ids is None:
        user_ids = list(db.session.scalars(select(Membership.user_id).where(Membership.center_id == center_id)))
    if not user_ids:
        return []
    done = completed_slugs(user_ids)
    complete = [uid for uid in user_ids if set(spec.modules) <= done[uid]]
    if spec.activities or spec.sessions:
        complete = practicum_met_by(spec, complete)
    return without_missing_evaluations(spec, version.program_id, complete)


def practicum_met_by(spec: ProgramSpec, user_ids: list[int]) -> list[int]:
    """Those of `user_ids` who meet the program's field-activity and session requirements for their discipline
    (three queries however many learners)."""
    from lms.auth.models import User
    from lms.practicum.progress import all_met, practicum_requirements
    from lms.practicum.selectors import practicum_facts_of

    if not user_ids:
        return []
    facts = practicum_facts_of(user_ids)
    disciplines = dict(db.session.execute(select(User.id, User.discipline).where(User.id.in_(user_ids))).all())
    return [uid for uid in user_ids if all_met(practicum_requirements(
        activities=spec.activities, sessions=spec.sessions, discipline=disciplines.get(uid) or "",
        entries=facts[uid][0], attended_series=facts[uid][1]))]


def eligible_users(*, center_id: int, version: ProgramVersion, user_ids: list[int] | None = None,
                   named: Collection[int] = ()) -> list[int]:
    """Members of the center who completed every module of the program and hold no live certificate of it.
    A revocation holds: whoever had a certificate of the program revoked is left out unless an admin names them."""
    complete = completed_members(center_id=center_id, version=version, user_ids=user_ids)
    if not complete:
        return []
    taken = holders(version.program_id, complete)
    taken |= revoked_holders(version.program_id, complete) - set(named)
    return [uid for uid in complete if uid not in taken]
