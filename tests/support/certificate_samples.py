"""Sample certificate snapshots for tests and benchmarks (fictional people and centers), and the naive one-pass
render they are measured against."""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from weasyprint import HTML

from lms.certificates.documents.render import TEMPLATES, BundledFetcher, make_environment, render_html, seal_data_uri
from lms.certificates.documents.snapshot import CertificateSnapshot

OBJECTIVES = (
    "Describe the effects of exposure to violence on child development at each age",
    "Apply supportive interventions and safety planning at the scene",
    "Make timely referrals using local criteria and resources",
    "Use de-escalation techniques adapted to children and caregivers",
    "Coordinate with clinicians as an officer–clinician team",
)
MODULES = (
    "Effects of violence on child development", "Supportive intervention and safety planning",
    "Referral criteria and local resources", "De-escalation", "Community partnerships",
    "Officer–clinician teamwork", "Responder self-care",
)
ACCREDITATION = {
    "post": {"post_course_number": "CT-POST 2026-0147",
             "post_authority": "Connecticut Police Officer Standards and Training Council"},
    "ce": {"provider_name": "New England Regional Training Center", "provider_number": "NASW-CT 1204",
           "approval_statement": "This program is approved by the National Association of Social Workers "
                                 "(Approval # 886812345-1204) for 12.5 continuing education contact hours.",
           "category": "Clinical practice", "delivery_format": "Self-paced online",
           "course_level": "Intermediate"},
}
NAMES = ("Sergeant Maria Elena Delgado-Whitfield", "Alexandra Okonkwo, LCSW", "Officer James O'Brien",
         "Nguyễn Thị Minh Khai", "José Núñez", "Detective Aisha Rahman", "Dr. Li Wei", "Zoë Ångström-Kowalczyk")


def sample_snapshot(layout: str = "post", **overrides: Any) -> CertificateSnapshot:
    """One plausible certificate; any field can be overridden."""
    code = overrides.pop("short_code", "CDCP-7KQ4-M2XA-9F3D")
    fields: dict[str, Any] = {
        "learner_name": "Sergeant Maria Elena Delgado-Whitfield",
        "program_title": "CD-CP Core Cross-Training: Responding to Children Exposed to Violence",
        "center_name": "New England Regional Training Center",
        "center_region": "Region 1 · Connecticut, Massachusetts, Rhode Island",
        "ce_hours": "12.5", "issued_on": date(2026, 3, 14), "expires_on": date(2028, 3, 14),
        "signatory_name": "Dr. Jonathan K. Whitaker", "signatory_title": "Director of Training",
        "accreditation": ACCREDITATION.get(layout, {}), "objectives": list(OBJECTIVES), "modules": list(MODULES),
        "short_code": code, "verify_url": f"https://lms.cdcp-training.org/verify/{code}",
        "public_id": hashlib.sha256(code.encode()).hexdigest()[:32], "layout": layout,
    }
    fields.update(overrides)
    return CertificateSnapshot(**fields)


def sample_cohort(count: int, *, programs: int = 4) -> list[CertificateSnapshot]:
    """`count` certificates spread over `programs` programs and both layouts, as a bulk issue would be."""
    snapshots = []
    for i in range(count):
        program = i % programs
        code = f"CDCP-B{i // 1000:03d}-{i % 1000:04d}-TEST"
        snapshots.append(sample_snapshot(
            "post" if program % 2 == 0 else "ce", short_code=code,
            learner_name=f"{NAMES[i % len(NAMES)]} {i}",
            program_title=f"CD-CP Cross-Training, part {program + 1}: Responding to Children Exposed to Violence",
            ce_hours=str(6 + program)))
    return snapshots


def render_naive(snapshot: CertificateSnapshot) -> bytes:
    """The baseline: one HTML(string=...).write_pdf() with the same template and nothing reused."""
    css = (TEMPLATES / "certificate.css").read_text(encoding="utf-8")
    html = render_html(make_environment(), snapshot, seal=seal_data_uri(), inline_css=css)
    return HTML(string=html, url_fetcher=BundledFetcher()).write_pdf()
