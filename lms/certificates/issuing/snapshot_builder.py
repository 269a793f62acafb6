"""Building the frozen snapshot a certificate states, from the learner, center and program as they stand now."""
from __future__ import annotations

import calendar
from datetime import date, datetime, time

from lms.auth.models import User
from lms.centers.models import Center
from lms.certificates.documents.snapshot import CertificateSnapshot
from lms.certificates.issuing.center_settings import program_settings_for, settings_for
from lms.certificates.issuing.field_work import attended_sessions, counted_activities
from lms.curriculum.models import Module
from lms.programs.disclosures import certificate_line
from lms.programs.models import ProgramVersion
from lms.programs.spec import ProgramSpec
from lms.urls import external_url


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry(issued_on: date, spec: ProgramSpec) -> date | None:
    """When a certificate issued today stops being valid (None: it does not expire)."""
    return add_months(issued_on, spec.validity_months) if spec.validity_months else None


def expiry_datetime(day: date | None) -> datetime | None:
    """The stored expiry: the start of that day, UTC."""
    return datetime.combine(day, time.min) if day else None


def verify_url(public_id: str) -> str:
    """The public verification address printed on the certificate and in its QR code."""
    return external_url("verify.certificate", public_id=public_id)


def build_snapshot(*, user: User, center: Center, version: ProgramVersion, module_titles: dict[str, str],
                   public_id: str, short_code: str, issued_on: date) -> CertificateSnapshot:
    """Everything the certificate will state, with the field work it rests on; SnapshotError names any missing
    center setting."""
    spec = ProgramSpec.from_dict(version.spec)
    settings = settings_for(center.id)
    numbers = program_settings_for(center.id, version.program_id)
    layout = spec.layouts.get(user.discipline, "ce")
    accreditation = dict(spec.accreditation.get(layout, {}))
    accreditation.pop("approved_objectives", None)
    if layout == "post":
        accreditation["post_course_number"] = numbers.post_course_number
    else:
        accreditation.update(provider_name=settings.ce_provider_name, provider_number=settings.ce_provider_number,
                             approval_statement=numbers.ce_approval_statement or
                             spec.accreditation.get("ce", {}).get("approval_statement", ""))
        if spec.disclosures:
            accreditation["disclosures"] = certificate_line(spec.disclosures, external_url(
                "verify.program", slug=spec.slug))
    return CertificateSnapshot(
        learner_name=user.full_name, program_title=spec.title, center_name=center.name,
        center_region=center.region, ce_hours=str(spec.ce_hours), issued_on=issued_on,
        expires_on=expiry(issued_on, spec), signatory_name=settings.signatory_name,
        signatory_title=settings.signatory_title, accreditation=accreditation,
        objectives=list(spec.objectives), modules=[module_titles.get(slug, slug) for slug in spec.modules],
        short_code=short_code, verify_url=verify_url(public_id), public_id=public_id, layout=layout,
        activities=counted_activities(user_id=user.id, discipline=user.discipline, spec=spec),
        sessions=attended_sessions(user_id=user.id, center_id=center.id, spec=spec))


def module_titles() -> dict[str, str]:
    """Current titles of all modules, by slug."""
    from lms.extensions import db

    return {m.slug: m.current_version.title for m in db.session.query(Module).all() if m.current_version}
