"""Trainers and center admins download a session's affidavit of attendance, signed by the center."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from lms.certificates.issuing.affidavits import AffidavitError, affidavit_pdf
from lms.practicum import clock
from lms.practicum.access import session_for_trainer_or_404
from lms.practicum.service import time_zone_for

bp = Blueprint("affidavits", __name__, url_prefix="/centers/<slug>")


@bp.get("/sessions/<id:session_id>/affidavit.pdf")
@login_required
def download(slug: str, session_id: int):
    """The session's affidavit of attendance (PDF/A, signed with the center's key)."""
    center, session = session_for_trainer_or_404(slug, session_id)
    try:
        pdf = affidavit_pdf(center=center, session=session, actor_id=current_user.id,
                            today=clock.local_today(time_zone_for(center.id)))
    except AffidavitError as error:
        flash(f"No affidavit yet: {error}", "error")
        return redirect(url_for("session_admin.roster", slug=slug, session_id=session_id))
    return pdf, 200, {"Content-Type": "application/pdf",
                      "Content-Disposition": f'attachment; filename="session-{session.id}-affidavit.pdf"'}
