"""A learner's certificates, and downloads of a certificate's PDF and Open Badges credential."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user, login_required

from lms.audit.service import record_event
from lms.certificates.issuing import selectors
from lms.certificates.issuing.access import may_download
from lms.certificates.issuing.badges import credential_jwt

bp = Blueprint("certificates", __name__)


@bp.get("/certificates")
@login_required
def mine():
    """My certificates: status, PDF and Open Badges downloads, share link."""
    from lms.evaluations.selectors import pending_evaluations

    return render_template("certificates/mine.html", views=selectors.of_learner(current_user.id),
                           evaluations=pending_evaluations(current_user.id))


def _downloadable_or_404(public_id: str):
    view = selectors.by_public_id(public_id)
    if view is None or not may_download(current_user, view.certificate):
        abort(404)
    if view.certificate.user_id != current_user.id:
        record_event(action="certificate.downloaded_by_staff", actor_id=current_user.id, target_type="certificate",
                     target_id=public_id, center_id=view.certificate.center_id, commit=True)
    return view


@bp.get("/certificates/<public_id>/certificate.pdf")
@login_required
def pdf(public_id: str):
    """The signed PDF, exactly as issued."""
    view = _downloadable_or_404(public_id)
    filename = f"certificate-{view.document.short_code}.pdf"
    return Response(selectors.document_pdf(view.certificate.id), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/certificates/<public_id>/badge.jwt")
@login_required
def badge(public_id: str):
    """The Open Badges 3.0 credential (VC-JWT) for a digital wallet or backpack."""
    view = _downloadable_or_404(public_id)
    if view.status.code == "revoked":
        return render_template("certificates/badge_revoked.html", view=view), 410
    filename = f"open-badge-{view.document.short_code}.jwt"
    return Response(credential_jwt(view), mimetype="application/vc+jwt",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
