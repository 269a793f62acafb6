"""A draft made from an uploaded module ZIP: checked for unsafe archives first, then opened like any draft (a
shared module by a curriculum editor; the center's own or a new module by its staff). Audited; all or nothing."""
from __future__ import annotations

from lms.authoring import pipeline
from lms.authoring.models import ModuleDraft
from lms.authoring.service import (
    DraftRefused,
    audit_draft,
    module_owner,
    module_source,
    open_draft,
    refuse_unless_author,
)
from lms.authoring.zip_upload import ZipRefused, read_module_zip
from lms.extensions import db


def draft_from_zip(*, center_id: int, data: bytes, actor_id: int) -> ModuleDraft:
    """A new draft holding the ZIP's files; DraftRefused (nothing stored) on an unsafe or unsuitable ZIP."""
    try:
        module = read_module_zip(data)
    except ZipRefused as exc:
        raise DraftRefused(f"The ZIP was not used: {exc}.") from None
    for problem in pipeline.shape_errors(module.folder, module.files):
        raise DraftRefused(f"The ZIP was not used: {problem.name}: {problem.message}.")
    slug = module.folder[3:]
    owner = module_owner(slug)
    if owner is not None and owner != center_id:
        raise DraftRefused(f"The ZIP was not used: another module is already called '{slug}'.")
    source = module_source(slug)
    if source is None:
        owner = center_id  # a new module: the center's own
    elif source.folder != module.folder:
        raise DraftRefused(f"The ZIP was not used: the module '{slug}' lives in the folder {source.folder}, "
                           f"not {module.folder}; rename the folder in the ZIP.")
    refuse_unless_author(actor_id, center_id=center_id, owner_center_id=owner)
    if open_draft(center_id, module.folder) is not None:
        raise DraftRefused("The ZIP was not used: this center already has an open draft of that module; publish "
                           "it or send it back and edit it there.")
    draft = ModuleDraft(center_id=center_id, folder=module.folder, files=module.files, center_owned=owner is not None,
                        base_version_id=source.version_id if source else None, created_by_id=actor_id,
                        updated_by_id=actor_id)
    db.session.add(draft)
    db.session.flush()
    audit_draft("authoring.zip_upload", draft, actor_id, {"folder": draft.folder, "files": sorted(module.files)})
    db.session.commit()
    return draft
