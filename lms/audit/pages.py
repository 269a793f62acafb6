"""The audit log page and its CSV, shared by the center admin's and the site admin's views."""
from __future__ import annotations

from flask import Response, render_template, request, stream_with_context

from lms.audit import selectors
from lms.audit.forms import AuditFilterForm
from lms.audit.service import record_event
from lms.spreadsheet import csv_lines

CSV_HEADER = ["at_utc", "action", "actor_email", "actor_name", "center", "target_type", "target_id", "ip", "detail"]


def _filters(form: AuditFilterForm, center_id: int | None) -> selectors.AuditFilters:
    return selectors.AuditFilters(action=form.action.data or "", actor=form.actor.data or "",
                                  date_from=form.date_from.data, date_to=form.date_to.data, center_id=center_id,
                                  page=form.page.data or 1)


def render_audit(*, center=None, csv_endpoint: str, **context):
    """The filtered, paged log (a center's, or everyone's when center is None)."""
    form = AuditFilterForm(request.args)
    valid = form.validate()
    filters = _filters(form, center.id if center else None) if valid else selectors.AuditFilters(
        center_id=center.id if center else None)
    return render_template("audit/log.html", form=form, page=selectors.events_page(filters), center=center,
                           actions=selectors.known_actions(center.id if center else None), csv_endpoint=csv_endpoint,
                           **context), 200 if valid else 422


def audit_csv(*, center=None, actor_id: int, filename: str) -> Response:
    """Every event matching the filters as CSV (UTF-8 with BOM, formula-safe); the export itself is audited."""
    form = AuditFilterForm(request.args)
    filters = _filters(form, center.id if center else None) if form.validate() else selectors.AuditFilters(
        center_id=center.id if center else None)
    record_event(action="audit.exported", actor_id=actor_id, target_type="center" if center else "site",
                 target_id=center.id if center else "", center_id=center.id if center else None, commit=True)
    rows = ((e.at.strftime("%Y-%m-%d %H:%M:%S"), e.action, email or "", name or "", center_name or "",
             e.target_type, e.target_id, e.ip, _detail(e.detail)) for e, email, name, center_name
            in selectors.events_stream(filters))
    return Response(stream_with_context(csv_lines(CSV_HEADER, rows)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _detail(detail: dict) -> str:
    import json

    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""
