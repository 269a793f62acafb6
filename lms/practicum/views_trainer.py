"""Trainers: schedule and move a cohort's sessions, show the check-in code and QR, keep the roster."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.certificates.documents.qr import qr_data_uri
from lms.practicum import calendar, checkin_codes, clock, selectors, sessions
from lms.practicum.access import cohort_for_trainer_or_404, session_for_trainer_or_404
from lms.practicum.forms import SessionForm, refuse_nul
from lms.practicum.service import time_zone_for
from lms.urls import external_url

bp = Blueprint("session_admin", __name__, url_prefix="/centers/<slug>")


def _values(form: SessionForm, tz: str) -> sessions.SessionValues:
    return sessions.SessionValues(
        series=form.series.data or "", title=form.title.data, place=form.place.data or "",
        starts_at=clock.to_utc(datetime.combine(form.on.data, form.start_time.data), tz),
        ends_at=clock.to_utc(datetime.combine(form.on.data, form.end_time.data), tz),
        video_url=form.video_url.data or "", capacity=form.capacity.data,
        credit_minutes=int(round(float(form.hours.data) * 60)))


@bp.route("/cohorts/<id:cohort_id>/sessions", methods=["GET", "POST"])
@login_required
def cohort_sessions(slug: str, cohort_id: int):
    """A cohort's sessions; schedule another."""
    center, cohort = cohort_for_trainer_or_404(slug, cohort_id)
    tz = time_zone_for(center.id)
    form = SessionForm()
    if request.method == "POST" and form.validate_on_submit() and refuse_nul(form):
        session = sessions.schedule_session(cohort_id=cohort.id, center_id=center.id, values=_values(form, tz),
                                            actor_id=current_user.id, now=clock.now())
        flash(f"Scheduled “{session.title}”.", "success")
        return redirect(url_for(".cohort_sessions", slug=slug, cohort_id=cohort_id))
    return render_template("practicum/cohort_sessions.html", center=center, cohort=cohort, form=form, tz=tz,
                           sessions=selectors.cohort_sessions([cohort.id]), to_local=clock.to_local,
                           count=selectors.registered_count,
                           feed=external_url("sessions.feed", token=calendar.feed_token(cohort_id=cohort.id))), \
        422 if request.method == "POST" else 200


@bp.route("/sessions/<id:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(slug: str, session_id: int):
    """Move or change a session (calendar feeds follow)."""
    center, session = session_for_trainer_or_404(slug, session_id)
    tz = time_zone_for(center.id)
    form = SessionForm()
    if request.method == "GET":
        start, end = clock.to_local(session.starts_at, tz), clock.to_local(session.ends_at, tz)
        form.series.data, form.title.data, form.place.data = session.series, session.title, session.place
        form.on.data, form.start_time.data, form.end_time.data = start.date(), start.time(), end.time()
        form.video_url.data, form.capacity.data = session.video_url, session.capacity
        form.hours.data = round(session.credit_minutes / 60, 2)
    elif form.validate_on_submit() and refuse_nul(form):
        sessions.update_session(session=session, center_id=center.id, values=_values(form, tz),
                                actor_id=current_user.id, now=clock.now())
        flash("Session updated; subscribed calendars will show the change.", "success")
        return redirect(url_for(".roster", slug=slug, session_id=session_id))
    return render_template("practicum/session_form.html", center=center, session=session, form=form, tz=tz), \
        422 if request.method == "POST" else 200


def _int(name: str) -> int:
    raw = request.form.get(name, "0").strip() or "0"
    return int(raw) if raw.isdigit() else -1


@bp.route("/sessions/<id:session_id>", methods=["GET", "POST"])
@login_required
def roster(slug: str, session_id: int):
    """The roster: tick attendance, late arrival and early departure (minutes)."""
    center, session = session_for_trainer_or_404(slug, session_id)
    rows = selectors.roster(session.id)
    problems = []
    if request.method == "POST" and EmptyForm().validate_on_submit():
        length = int((session.ends_at - session.starts_at).total_seconds() // 60)
        marks = []
        for row in rows:
            late, early = _int(f"late_{row.id}"), _int(f"early_{row.id}")
            if late < 0 or early < 0 or late + early > length:
                problems.append(f"{row.user.full_name}: late and early minutes must be whole numbers that add up "
                                f"to at most the session's {length} minutes.")
            marks.append(sessions.RosterMark(registration_id=row.id, attended=bool(request.form.get(
                f"attended_{row.id}")), late=late, early=early))
        if not problems:
            changed = sessions.mark_roster(session=session, center_id=center.id, marks=marks,
                                           actor_id=current_user.id, now=clock.now())
            flash(f"Roster saved ({changed} changed).", "success")
            return redirect(url_for(".roster", slug=slug, session_id=session_id))
    tz = time_zone_for(center.id)
    listed = {r.user_id for r in rows if r.status != "cancelled"}
    others = [u for u in selectors.cohort_learners(session.cohort_id) if u.id not in listed]
    return render_template("practicum/roster.html", center=center, session=session, rows=rows, tz=tz,
                           to_local=clock.to_local, problems=problems, form=EmptyForm(), others=others), \
        422 if problems else 200


@bp.get("/sessions/<id:session_id>/code")
@login_required
def code(slug: str, session_id: int):
    """The projector page: the current check-in code (refreshes itself) and the QR to the check-in page."""
    center, session = session_for_trainer_or_404(slug, session_id)
    now = clock.now()
    is_open = checkin_codes.in_window(session.starts_at, session.ends_at, now)
    return render_template("practicum/code.html", center=center, session=session, is_open=is_open,
                           code=checkin_codes.current_code(session.secret, now) if is_open else None,
                           qr=qr_data_uri(external_url("sessions.check_in")),
                           check_in_url=external_url("sessions.check_in"))


@bp.get("/sessions/<id:session_id>/qr.svg")
@login_required
def qr(slug: str, session_id: int):
    """A printable QR of the check-in page (the code itself changes every minute, so it is typed)."""
    import segno

    session_for_trainer_or_404(slug, session_id)
    svg = segno.make(external_url("sessions.check_in"), error="m").svg_inline(scale=10)
    return Response(svg, mimetype="image/svg+xml")


@bp.post("/sessions/<id:session_id>/add")
@login_required
def add_learner(slug: str, session_id: int):
    """Register a learner of the cohort (or waitlist them when full)."""
    _, session = session_for_trainer_or_404(slug, session_id)
    raw = request.form.get("user_id", "")
    members = {u.id: u for u in selectors.cohort_learners(session.cohort_id)}
    if not EmptyForm().validate_on_submit() or not raw.isdigit() or int(raw) not in members:
        flash("Choose a learner of this cohort.", "error")
    else:
        status = sessions.register(session=session, user_id=int(raw), now=clock.now(), actor_id=current_user.id)
        flash(f"{members[int(raw)].full_name}: {status}.", "success")
    return redirect(url_for(".roster", slug=slug, session_id=session_id))
