"""Restore: an old version's stored files go through the publishing path again, with a change note, audited,
and the history says who restored what and why."""
import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.authoring.restore import restore_version
from lms.authoring.service import DraftRefused, approve_and_publish, save_file, start_draft, submit
from lms.curriculum.models import Module, ModuleVersion
from tests.conftest import PASSWORD


def web_publish(db, center, author, reviewer, extra: str) -> None:
    draft = start_draft(center_id=center.id, slug="talking", actor_id=author.id)
    save_file(draft, name="module.md", text=draft.files["module.md"] + extra, expected=draft.lock_version,
              actor_id=author.id)
    submit(draft, note=f"Added {extra.strip()}", expected=draft.lock_version, actor_id=author.id)
    approve_and_publish(draft, expected=draft.lock_version, actor_id=reviewer.id)


@pytest.mark.pg
def test_restoring_makes_an_old_version_current_through_the_publish_path(app, db, make_editor, center, talking):
    author, reviewer = make_editor(), make_editor("center_admin")
    web_publish(db, center, author, reviewer, "\nSecond text.\n")
    web_publish(db, center, author, reviewer, "\nThird text.\n")
    module = db.session.scalar(select(Module).where(Module.slug == "talking"))
    assert module.current_version.number == 3
    client = app.test_client()
    client.post("/signin", data={"email": reviewer.email, "password": PASSWORD})
    url = f"/centers/{center.slug}/authoring/modules/talking/versions/2/restore"
    assert "Say why" in client.post(url, data={"note": ""}, follow_redirects=True).get_data(as_text=True)
    page = client.post(url, data={"note": "Version 3 <script>x</script> confused officers."},
                       follow_redirects=True).get_data(as_text=True)
    assert "Version 2 is current again." in page
    assert "restored version 2" in page and "&lt;script&gt;" in page and "<script>x" not in page
    db.session.expire_all()
    assert module.current_version.number == 2
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "authoring.restore"))
    assert event.actor_id == reviewer.id and event.detail["restored"] == 2
    reading = app.test_client()
    assert reading.get("/modules/talking").status_code in (200, 302)


@pytest.mark.pg
def test_restore_is_refused_for_file_versions_the_current_one_and_non_editors(app, db, make_user, make_editor,
                                                                               center, talking, content_dir):
    author, reviewer = make_editor(), make_editor("center_admin")
    web_publish(db, center, author, reviewer, "\nSecond text.\n")
    module = db.session.scalar(select(Module).where(Module.slug == "talking"))
    lesson = next((content_dir / "curriculum").rglob("module.md"))  # the files of version 1 are gone from disk
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nChanged on disk.\n", encoding="utf-8")
    with pytest.raises(DraftRefused, match="came from the file import"):
        restore_version(center_id=center.id, module=module, number=1, note="Back.", actor_id=author.id)
    with pytest.raises(DraftRefused, match="already the current version"):
        restore_version(center_id=center.id, module=module, number=2, note="Back.", actor_id=author.id)
    with pytest.raises(DraftRefused, match="no version 9"):
        restore_version(center_id=center.id, module=module, number=9, note="Back.", actor_id=author.id)
    with pytest.raises(DraftRefused, match="Only curriculum editors"):
        restore_version(center_id=center.id, module=module, number=1, note="Back.", actor_id=make_user("trainer").id)
    assert module.current_version.number == 2


@pytest.mark.pg
def test_a_file_imported_version_is_restored_from_the_content_folder_while_it_still_holds_those_files(
        app, db, make_editor, center, talking, content_dir):
    author, reviewer = make_editor(), make_editor("center_admin")
    web_publish(db, center, author, reviewer, "\nSecond text.\n")
    module = db.session.scalar(select(Module).where(Module.slug == "talking"))
    first = db.session.scalar(select(ModuleVersion).where(ModuleVersion.module_id == module.id,
                                                          ModuleVersion.number == 1))
    restored = restore_version(center_id=center.id, module=module, number=1, note="The web edit was wrong.",
                               actor_id=reviewer.id)
    db.session.expire_all()
    assert restored.number == 1 and module.current_version.number == 1
    assert first.id == restored.id  # the same immutable version, current again
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "authoring.restore"))
    assert event.detail["restored"] == 1 and event.actor_id == reviewer.id
    client = app.test_client()
    client.post("/signin", data={"email": reviewer.email, "password": PASSWORD})
    history = client.get(f"/centers/{center.slug}/authoring/modules/talking/history").get_data(as_text=True)
    assert "Why restore version 2" in history and "Why restore version 1" not in history  # 1 is current now
    # once the folder's files change, version 1 can no longer be read from it
    web_publish(db, center, author, reviewer, "\nThird text.\n")
    lesson = next((content_dir / "curriculum").rglob("module.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nChanged on disk.\n", encoding="utf-8")
    with pytest.raises(DraftRefused, match="content folder no longer holds it"):
        restore_version(center_id=center.id, module=module, number=1, note="Back.", actor_id=reviewer.id)
