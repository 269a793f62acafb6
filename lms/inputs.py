"""Hostile input refused once, for every route: control characters (NUL first of all) in the path, the query
string, form fields and upload file names get a plain 400 before any view, form or database sees them.

New blueprints need nothing: the check runs before every request. Routes take ids with `<id:name>` (see
lms.converters) so that a huge number is a 404, not an OverflowError."""
from __future__ import annotations

from flask import Flask, request

from lms.textcheck import has_disallowed

MESSAGE = ("What you sent contains a control character (such as a NUL byte) that this site does not accept. "
           "Remove it, or retype the text instead of pasting it, and try again.")


# The only bodies Werkzeug parses into request.form and request.files; any other body leaves both empty, so a GET
# (or a JSON post) skips building them.
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _submitted_text():
    """Every piece of text the client chose: path, query and form names and values, upload file names."""
    yield request.path
    posted = request.mimetype in _FORM_TYPES
    for multi in (request.args, request.form) if posted else (request.args,):
        for key, values in multi.lists():
            yield key
            yield from values
    for key, upload in request.files.items(multi=True) if posted else ():
        yield key
        yield upload.filename or ""


def init_app(app: Flask) -> None:
    """Refuse requests carrying disallowed characters with a 400 that says why."""

    @app.before_request
    def _refuse_control_characters():
        if any(has_disallowed(text) for text in _submitted_text()):
            from lms.errors import render_error

            return render_error(400, MESSAGE)
        return None
