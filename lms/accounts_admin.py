"""Site-administrator accounts, created from the command line."""
from __future__ import annotations

from lms.auth.models import User
from lms.auth.passwords import password_problem
from lms.auth.service import find_user_by_email, register_user
from lms.extensions import db


def make_site_admin(*, email: str, full_name: str, password: str) -> User:
    """Create a site admin, or promote the existing account with this email; ValueError on a bad password."""
    user = find_user_by_email(email)
    if user is not None:
        user.is_site_admin = True
        db.session.commit()
        return user
    problem = password_problem(password, email=email, full_name=full_name)
    if problem:
        raise ValueError(problem)
    return register_user(email=email, password=password, full_name=full_name, discipline="other",
                         agency="", center_id=None, is_site_admin=True)
