"""Storing editor images in the database (every app server serves them), audited."""
from __future__ import annotations

from lms.audit.service import record_event
from lms.authoring.images import ImageRefused, check_alt, clean_image, markdown_for
from lms.authoring.models import ContentImage, ModuleDraft
from lms.authoring.service import DraftRefused, refuse_unless_author
from lms.extensions import db


def add_image(draft: ModuleDraft, *, data: bytes, alt: str, actor_id: int) -> str:
    """Store a cleaned copy of the image for this draft's center; returns the markdown to paste in a lesson."""
    refuse_unless_author(actor_id, center_id=draft.center_id,
                          owner_center_id=draft.center_id if draft.center_owned else None)
    try:
        alt = check_alt(alt)
        image = clean_image(data)
    except ImageRefused as exc:
        raise DraftRefused(f"The image was not added: {exc}.") from None
    row = ContentImage(name=image.name, center_id=draft.center_id, content_type=image.content_type,
                       data=image.data, width=image.width, height=image.height, alt=alt, created_by_id=actor_id)
    db.session.add(row)
    db.session.flush()
    record_event(action="authoring.image_add", actor_id=actor_id, target_type="module_draft", target_id=draft.id,
                 center_id=draft.center_id, detail={"image": image.name, "bytes": len(image.data)})
    db.session.commit()
    return markdown_for(image.name, alt)
