"""Who may see which certificate: the learner, an admin of the issuing center, or a site admin."""
from __future__ import annotations

from lms.centers.service import admin_centers


def may_download(user, certificate) -> bool:
    """The learner, an admin of the issuing center, or a site admin."""
    if user.id == certificate.user_id or user.is_site_admin:
        return True
    return certificate.center_id in {c.id for c in admin_centers(user)}
