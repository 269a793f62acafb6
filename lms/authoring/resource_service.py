"""Writes on a center's local resource directory (center admins), audited."""
from __future__ import annotations

from urllib.parse import urlparse

from sqlalchemy import select

from lms.audit.service import record_event
from lms.authoring.models import LocalResource
from lms.extensions import db
from lms.timeutil import utcnow

FIELDS = {"name": 160, "kind": 80, "phone": 40, "website": 300, "address": 300, "hours": 160, "languages": 160,
          "serves": 300}


class ResourceRefused(Exception):
    """The entry cannot be saved; the message says why."""


def clean(form) -> dict:
    """The entry's fields from a form, trimmed and checked; raises ResourceRefused."""
    values = {key: " ".join((form.get(key) or "").split()) for key in FIELDS}
    if not values["name"]:
        raise ResourceRefused("An entry needs the agency's name.")
    for key, limit in FIELDS.items():
        if len(values[key]) > limit:
            raise ResourceRefused(f"{key.replace('_', ' ').capitalize()} is at most {limit} characters.")
    if values["website"] and urlparse(values["website"]).scheme not in ("http", "https"):
        raise ResourceRefused("The website must start with https:// or http://.")
    values["after_hours"] = form.get("after_hours") in ("y", "on", "1", "true")
    return values


def directory(center_id: int) -> list[LocalResource]:
    """The center's entries by name."""
    return list(db.session.scalars(select(LocalResource).where(LocalResource.center_id == center_id)
                                   .order_by(LocalResource.name, LocalResource.id)))


def save_entry(*, center_id: int, entry_id: int | None, form, actor_id: int) -> LocalResource:
    """Add an entry, or update one of this center's; raises ResourceRefused (nothing written)."""
    values = clean(form)
    if entry_id is None:
        entry = LocalResource(center_id=center_id, **values)
        db.session.add(entry)
    else:
        entry = db.session.get(LocalResource, entry_id)
        if entry is None or entry.center_id != center_id:
            raise ResourceRefused("There is no such entry.")
        for key, value in values.items():
            setattr(entry, key, value)
        entry.updated_at = utcnow()
    db.session.flush()
    record_event(action="resources.save", actor_id=actor_id, target_type="local_resource", target_id=entry.id,
                 center_id=center_id, detail={"name": entry.name})
    db.session.commit()
    return entry


def delete_entry(*, center_id: int, entry_id: int, actor_id: int) -> None:
    """Remove one of this center's entries."""
    entry = db.session.get(LocalResource, entry_id)
    if entry is None or entry.center_id != center_id:
        raise ResourceRefused("There is no such entry.")
    record_event(action="resources.delete", actor_id=actor_id, target_type="local_resource", target_id=entry.id,
                 center_id=center_id, detail={"name": entry.name})
    db.session.delete(entry)
    db.session.commit()


def lesson_html_for(user_id: int, html: str) -> str:
    """A lesson's HTML for one learner: their home center's directory inside its local-resources boxes."""
    if "local-resources" not in html:
        return html
    from lms.authoring.local_resources import with_local_resources
    from lms.centers.service import primary_membership

    membership = primary_membership(user_id)
    return with_local_resources(html, directory(membership.center_id) if membership else [])
