"""Serving editor images by their generated name: the stored, re-encoded bytes with their content type,
cached by the browser for a year (a name never changes
content; not by shared caches, since a center's own module may show it)."""
from __future__ import annotations

from flask import Blueprint, Response, abort
from sqlalchemy import select

from lms.authoring.images import NAME
from lms.authoring.models import ContentImage
from lms.extensions import db

bp = Blueprint("content_images", __name__)


@bp.get("/content-images/<name>")
def image(name: str):
    """One uploaded image; 404 for any other name."""
    if not NAME.match(name):
        abort(404)
    row = db.session.execute(select(ContentImage.data, ContentImage.content_type)
                             .where(ContentImage.name == name)).first()
    if row is None:
        abort(404)
    response = Response(row.data, mimetype=row.content_type)
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response
