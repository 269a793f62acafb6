"""A center's certificate settings: signatory, CE provider, per-program numbers, approval requirement."""
from __future__ import annotations

from sqlalchemy import select

from lms.audit.service import record_event
from lms.certificates.models import CenterProgramSettings, CenterSettings
from lms.extensions import db


def settings_for(center_id: int) -> CenterSettings:
    """The center's settings (empty defaults until an admin fills them in; not added to the session)."""
    return db.session.get(CenterSettings, center_id) or CenterSettings(center_id=center_id, signatory_name="",
                                                                       signatory_title="", ce_provider_name="",
                                                                       ce_provider_number="",
                                                                       requires_approval=False)


def program_settings_for(center_id: int, program_id: int) -> CenterProgramSettings:
    """The center's numbers for one program (empty defaults when not set)."""
    return db.session.scalar(select(CenterProgramSettings).where(
        CenterProgramSettings.center_id == center_id, CenterProgramSettings.program_id == program_id)) or \
        CenterProgramSettings(center_id=center_id, program_id=program_id, post_course_number="",
                              ce_approval_statement="")


def save_settings(*, center_id: int, actor_id: int | None, signatory_name: str, signatory_title: str,
                  ce_provider_name: str, ce_provider_number: str, requires_approval: bool,
                  programs: dict[int, tuple[str, str]]) -> None:
    """Store the center's settings and its numbers per program {program_id: (POST number, CE statement)}."""
    settings = db.session.get(CenterSettings, center_id) or CenterSettings(center_id=center_id)
    settings.signatory_name, settings.signatory_title = signatory_name.strip(), signatory_title.strip()
    settings.ce_provider_name, settings.ce_provider_number = ce_provider_name.strip(), ce_provider_number.strip()
    settings.requires_approval = requires_approval
    db.session.add(settings)
    for program_id, (post_number, statement) in programs.items():
        row = program_settings_for(center_id, program_id)
        row.post_course_number, row.ce_approval_statement = post_number.strip(), statement.strip()
        db.session.add(row)
    record_event(action="center.settings_changed", actor_id=actor_id, target_type="center", target_id=center_id,
                 center_id=center_id, detail={"requires_approval": requires_approval})
    db.session.commit()
