"""Learners: upcoming sessions of their cohorts, register or cancel, check in with the code, calendar feeds."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.extensions import db
from lms.practicum import calendar, clock, selectors, sessions
from lms.practicum.forms import CheckInForm
from lms.practicum.models import LiveSession
from lms.practicum.service import time_zone_for
from lms.urls import external_url

bp = Blueprint("sessions", __name__)


def _learner_session_or_404(session_id: int) -> LiveSession:
    session = db.session.get(LiveSession, session_id)
    if session is None or session.cohort_id not in selectors.learner_cohort_ids(current_user.id):
        abort(404)
    return session


@bp.get("/sessions")
@login_required
def mine():
    """Sessions of the learner's cohorts with their registration, and the personal calendar feed."""
    rows = selectors.cohort_sessions(selectors.learner_cohort_ids(current_user.id))
    center_id = selectors.home_center_id(current_user.id)
    return render_template("practicum/sessions.html", sessions=rows, regs=selectors.registrations_of(current_user.id),
                           tz=time_zone_for(center_id) if center_id else "UTC", to_local=clock.to_local,
                           feed=external_url("sessions.feed", token=calendar.feed_token(user_id=current_user.id)),
                           form=EmptyForm(), now=clock.now())


@bp.post("/sessions/<id:session_id>/register")
@login_required
def register(session_id: int):
    """Take a place (or join the waitlist)."""
    session = _learner_session_or_404(session_id)
    if EmptyForm().validate_on_submit():
        status = sessions.register(session=session, user_id=current_user.id, now=clock.now())
        flash("You are registered." if status == "registered" else
              "The session is full: you are on the waitlist and will get the first free place.", "success")
    return redirect(url_for(".mine"))


@bp.post("/sessions/<id:session_id>/cancel")
@login_required
def cancel(session_id: int):
    """Give up a place."""
    session = _learner_session_or_404(session_id)
    if EmptyForm().validate_on_submit():
        sessions.cancel(session=session, user_id=current_user.id, now=clock.now())
        flash("Your registration is cancelled.", "success")
    return redirect(url_for(".mine"))


@bp.route("/check-in", methods=["GET", "POST"])
@login_required
def check_in():
    """Type the code shown in the room (phone first)."""
    form = CheckInForm()
    if form.validate_on_submit():
        done, message = sessions.check_in(user_id=current_user.id, code=form.code.data, now=clock.now())
        flash(message, "success" if done else "error")
        if done:
            return redirect(url_for(".mine"))
        return render_template("practicum/check_in.html", form=form), 422
    return render_template("practicum/check_in.html", form=form)


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """A learner's (their registrations) or a cohort's (every session) calendar; the token is the key."""
    data = calendar.read_feed_token(token)
    if data is None:
        abort(404)
    if "u" in data:
        regs = selectors.registrations_of(int(data["u"]))
        rows = [r.session for r in regs.values() if r.status != "cancelled"]
        name = "My CD-CP sessions"
    else:
        rows = selectors.cohort_sessions([int(data["c"])])
        name = "CD-CP cohort sessions"
    body = calendar.ics(sorted(rows, key=lambda s: s.starts_at), name=name, base_url=current_app.config["BASE_URL"])
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": "inline; filename=sessions.ics"})
