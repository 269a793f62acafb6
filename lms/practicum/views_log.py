"""The learner's practicum log: list, new entry, edit a draft, autosave, view, correct a signed entry."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.practicum import clock, selectors, service
from lms.practicum.forms import CorrectionForm, EntryForm, draft_problems, refuse_nul
from lms.practicum.kinds import SIGNER_ROLES, kind_label
from lms.practicum.models import PracticumEntry
from lms.practicum.signer_rules import signers_by_kind

bp = Blueprint("practicum", __name__, url_prefix="/practicum")


def _center_id() -> int:
    center_id = selectors.home_center_id(current_user.id)
    if center_id is None:
        abort(404)
    return center_id


def _own_entry_or_404(entry_id: int) -> PracticumEntry:
    found = selectors.own_entry(current_user.id, entry_id)
    if found is None:
        abort(404)
    return found


def _form(center_id: int, entry: PracticumEntry | None = None) -> EntryForm:
    today = clock.local_today(service.time_zone_for(center_id))
    form = EntryForm(today=today, supervisors=selectors.supervisors_by_role(center_id),
                     signers_by_kind=signers_by_kind(current_user.discipline))
    form.partners.choices = [(u.id, f"{u.full_name} ({u.discipline_label})") for u in selectors.teammates(
        current_user.id)]
    if entry is not None and request.method == "GET":
        form.kind.data, form.occurred_on.data, form.unit.data = entry.kind, entry.occurred_on, entry.unit
        form.place.data, form.reflection.data = entry.place, entry.reflection
        form.hours.data = round(entry.minutes / 60, 2) if entry.minutes else None
        form.partners.data = [int(i) for i in entry.partner_ids.split(",") if i]
        form.police_signer.data = entry.signers.get("police", "")
        form.clinical_signer.data = entry.signers.get("clinical", "")
    return form


def _values(form: EntryForm) -> service.EntryValues:
    ok = lambda field: field.data if not field.errors else None  # noqa: E731  (a draft keeps what parsed)
    return service.EntryValues(
        kind=form.kind.data or "ride_along", occurred_on=ok(form.occurred_on),
        minutes=form.minutes if not (form.hours.errors or form.end_time.errors) else None,
        unit=form.unit.data or "", place=form.place.data or "", reflection=form.reflection.data or "",
        partner_ids=list(ok(form.partners) or []),
        signers={"police": form.police_signer.data or "", "clinical": form.clinical_signer.data or ""})


@bp.get("")
@login_required
def log():
    """The learner's entries and their sign-off state."""
    page = selectors.entries_of(current_user.id, page=request.args.get("page", 1, type=int))
    return render_template("practicum/log.html", page=page, entries=page.rows,
                           superseded=selectors.superseded_ids(current_user.id), kind_label=kind_label)


def _save(entry: PracticumEntry | None):
    center_id = entry.center_id if entry else _center_id()
    form = _form(center_id, entry)
    if request.method == "POST":
        form.validate()
        clean = refuse_nul(form)
        entry_id = entry.id if entry else None
        try:
            if request.form.get("action") == "draft":
                if clean and not draft_problems(form):
                    saved = service.save_draft(user_id=current_user.id, center_id=center_id, entry_id=entry_id,
                                               values=_values(form), now=clock.now())
                    flash("Draft saved.", "success")
                    return redirect(url_for(".edit", entry_id=saved.id))
            elif clean and not form.errors:
                saved = service.submit_entry(user_id=current_user.id, center_id=center_id, entry_id=entry_id,
                                             values=_values(form), now=clock.now(),
                                             supervisors=selectors.supervisors_by_role(center_id))
                flash("Sent for sign-off: each supervisor gets an email with a link.", "success")
                return redirect(url_for(".entry", entry_id=saved.id))
        except LookupError:
            abort(404)
    return render_template("practicum/form.html", form=form, entry=entry, roles=SIGNER_ROLES,
                           needed_for=_kinds_needing(form.signers_by_kind),
                           supervisors=selectors.supervisors(center_id)), \
        422 if request.method == "POST" else 200


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Log an activity (phone first); drafts save as you type when scripts run."""
    if selectors.home_center_id(current_user.id) is None:
        flash("Your account does not belong to a training center, so it has no practicum log.", "error")
        return redirect(url_for(".log"))
    return _save(None)


@bp.route("/entries/<id:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit(entry_id: int):
    """Edit a draft, or an entry a signer returned."""
    entry = _own_entry_or_404(entry_id)
    if entry.status not in ("draft", "returned"):
        abort(404)
    return _save(entry)


@bp.post("/autosave")
@login_required
def autosave():
    """Save the form as a draft (the autosave script calls this); JSON {saved, id} or {saved: false, problems}."""
    raw_id = request.form.get("entry_id", "")
    entry = selectors.own_entry(current_user.id, int(raw_id)) if raw_id.isdigit() else None
    if raw_id and (entry is None or entry.status not in ("draft", "returned")):
        abort(404)
    center_id = entry.center_id if entry else selectors.home_center_id(current_user.id)
    if center_id is None:
        return jsonify(saved=False, problems=["Your account does not belong to a training center."]), 422
    form = _form(center_id)
    form.validate()
    clean = refuse_nul(form)
    problems = draft_problems(form)
    if not clean or problems:
        return jsonify(saved=False, problems=problems or ["Remove the NUL byte."]), 422
    saved = service.save_draft(user_id=current_user.id, center_id=center_id,
                               entry_id=entry.id if entry else None, values=_values(form), now=clock.now())
    return jsonify(saved=True, id=saved.id, edit_url=url_for(".edit", entry_id=saved.id))


@bp.get("/entries/<id:entry_id>")
@login_required
def entry(entry_id: int):
    """One entry with its signatures and history."""
    found = _own_entry_or_404(entry_id)
    return render_template("practicum/entry.html", entry=found, kind_label=kind_label, roles=SIGNER_ROLES,
                           required=_roles_of(found), form=CorrectionForm(), empty=EmptyForm())


def _roles_of(entry: PracticumEntry) -> tuple[str, ...]:
    """The signers a sent entry asked for; for a draft, those its kind needs now."""
    if entry.status == "draft":
        return signers_by_kind(current_user.discipline).get(entry.kind, tuple(SIGNER_ROLES))
    return tuple(role for role in SIGNER_ROLES if role in entry.signers)


def _kinds_needing(by_kind: dict) -> dict[str, str]:
    """role -> the activity kinds (labels) that need its signature, for the form's hints."""
    return {role: ", ".join(kind_label(k) for k, roles in by_kind.items() if role in roles) for role in SIGNER_ROLES}


@bp.post("/entries/<id:entry_id>/correct")
@login_required
def correct(entry_id: int):
    """Start a correction of a signed entry: a new draft that supersedes it once signed."""
    _own_entry_or_404(entry_id)
    form = CorrectionForm()
    if not form.validate_on_submit() or not refuse_nul(form):
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for(".entry", entry_id=entry_id))
    try:
        copy = service.start_correction(user_id=current_user.id, entry_id=entry_id, reason=form.reason.data,
                                        now=clock.now())
    except LookupError:
        flash("Only a signed entry can be corrected; edit a draft directly.", "error")
        return redirect(url_for(".entry", entry_id=entry_id))
    flash("Correction started: edit it and send it for sign-off. The signed entry stays until this one is signed.",
          "success")
    return redirect(url_for(".edit", entry_id=copy.id))
