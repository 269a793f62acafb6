"""A center's audit log (center admins and site admins)."""
from __future__ import annotations

from flask_login import current_user, login_required

from lms.audit.pages import audit_csv, render_audit
from lms.centers.access import center_access_or_404
from lms.centers.views_people import bp


@bp.get("/audit")
@login_required
def audit(slug: str):
    """The center's audit log with filters and paging."""
    access = center_access_or_404(slug, "center_admin")
    return render_audit(center=access.center, access=access, csv_endpoint="center_people.audit_csv_view")


@bp.get("/audit.csv")
@login_required
def audit_csv_view(slug: str):
    """The center's filtered audit log as CSV."""
    access = center_access_or_404(slug, "center_admin")
    return audit_csv(center=access.center, actor_id=current_user.id, filename=f"{slug}-audit.csv")
