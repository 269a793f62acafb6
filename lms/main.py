"""Public pages: the home page, liveness (/healthz) and readiness (/readyz)."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from lms.curriculum.models import Module
from lms.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Signed-in users go to their dashboard; others see what the site offers."""
    if current_user.is_authenticated:
        return redirect(url_for("progress.dashboard"))
    modules = db.session.scalars(select(Module).where(Module.current_version_id.is_not(None),
                                                     Module.owner_center_id.is_(None))
                                 .order_by(Module.position)).all()
    return render_template("index.html", modules=modules)


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers (it touches nothing else; /readyz checks the database and the queue)."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Readiness as JSON: database, queue and worker heartbeat; 503 when the database or the queue fails."""
    from lms.health import readiness

    status, body = readiness()
    return body, status
