"""The authoring loop through HTTP: draft, edit with preview, stale saves refused, review, publish, history."""
import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.authoring.models import ModuleDraft
from lms.curriculum.models import Module
from tests.conftest import PASSWORD


def signed_in(app, user):
    client = app.test_client()
    client.post("/signin", data={"email": user.email, "password": PASSWORD})
    return client


def start(client, center):
    response = client.post(f"/centers/{center.slug}/authoring/drafts", data={"module": "talking"})
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


@pytest.mark.pg
def test_edit_review_publish_and_a_learner_sees_the_new_text(app, db, make_user, make_editor, center, talking):
    author, reviewer, learner = make_editor("trainer"), make_editor("center_admin"), make_user("learner")
    writer = signed_in(app, author)
    draft_id = start(writer, center)
    base = f"/centers/{center.slug}/authoring/drafts/{draft_id}"
    page = writer.get(f"{base}/files/01-first.md").get_data(as_text=True)
    assert "calm adult" in page and 'name="lock" value="1"' in page
    from tests.authoring.conftest import lesson
    new_text = lesson("Lesson first", "\n\n!!! officer \"For officers\"\n    Kneel and say your name.\n")
    preview = writer.post(f"{base}/preview", data={"name": "01-first.md", "text": new_text}).get_json()
    assert "Kneel and say your name." in preview["html"] and preview["problems"] == []
    saved = writer.post(f"{base}/files/01-first.md", data={"text": new_text, "lock": "1"},
                        headers={"Accept": "application/json"})
    assert saved.status_code == 200 and saved.get_json()["lock"] == 2
    assert writer.post(f"{base}/submit", data={"note": "Officers kneel.", "lock": "2"}).status_code == 302
    assert db.session.get(ModuleDraft, draft_id).status == "in_review"
    # the author cannot approve their own change
    writer.post(f"{base}/approve", data={"lock": "3"})
    assert db.session.get(ModuleDraft, draft_id).status == "in_review"
    review = signed_in(app, reviewer)
    page = review.get(base).get_data(as_text=True)
    assert "Kneel&nbsp;and&nbsp;say" in page and 'class="diff"' in page
    assert review.post(f"{base}/approve", data={"lock": "3"}).status_code == 302
    db.session.expire_all()
    module = db.session.scalar(select(Module).where(Module.slug == "talking"))
    assert module.current_version.number == 2
    assert db.session.get(ModuleDraft, draft_id).status == "published"
    reading = signed_in(app, learner)
    assert "Kneel and say your name." in reading.get("/modules/talking/lessons/first").get_data(as_text=True)
    history = review.get(f"/centers/{center.slug}/authoring/modules/talking/history").get_data(as_text=True)
    assert "Officers kneel." in history and "file import" in history
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_type == "module_draft")))
    assert {"authoring.draft_start", "authoring.save", "authoring.submit", "authoring.publish"} <= actions


@pytest.mark.pg
def test_a_stale_save_is_refused_with_who_and_when_and_the_text_is_kept(app, db, make_user, make_editor, center, talking):
    first, second = make_editor("trainer", full_name="Dana First"), make_editor("trainer", full_name="Sam Second")
    one, two = signed_in(app, first), signed_in(app, second)
    draft_id = start(one, center)
    assert start(two, center) == draft_id  # one open draft per module and center
    url = f"/centers/{center.slug}/authoring/drafts/{draft_id}/files/module.md"
    original = db.session.get(ModuleDraft, draft_id).files["module.md"]
    assert one.post(url, data={"text": original + "\nFirst's line.\n", "lock": "1"}).status_code == 302
    refused = two.post(url, data={"text": original + "\nSecond's line.\n", "lock": "1"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "changed by Dana First at" in body and "reload" in body and "Second&#39;s line." in body
    db.session.expire_all()
    assert "First's line." in db.session.get(ModuleDraft, draft_id).files["module.md"]
    json_refused = two.post(url, data={"text": "x", "lock": "1"}, headers={"Accept": "application/json"})
    assert json_refused.status_code == 409 and "changed by Dana First" in json_refused.get_json()["error"]


def test_lessons_are_added_renamed_moved_and_deleted(app, db, make_user, make_editor, center, talking):
    client = signed_in(app, make_editor("trainer"))
    draft_id = start(client, center)
    base = f"/centers/{center.slug}/authoring/drafts/{draft_id}"
    client.post(f"{base}/lessons", data={"title": "Who to call: \"988\"", "lesson_slug": "who-to-call", "lock": "1"})
    client.post(f"{base}/lessons/05-who-to-call.md/move", data={"direction": "up", "lock": "2"})
    client.post(f"{base}/lessons/01-first.md/rename", data={"lesson_slug": "opening", "lock": "3"})
    client.post(f"{base}/lessons/02-second.md/delete", data={"lock": "4"})
    refused = client.post(f"{base}/lessons/01-opening.md/rename", data={"lesson_slug": "Bad Name", "lock": "5"})
    assert refused.status_code == 302
    db.session.expire_all()
    files = db.session.get(ModuleDraft, draft_id).files
    assert sorted(files) == ["01-opening.md", "02-third.md", "03-who-to-call.md", "04-fourth.md", "module.md"]
    assert files["03-who-to-call.md"].startswith("---\ntitle: 'Who to call: \"988\"'\n---\n")
    assert "calm adult" in files["01-opening.md"]


def test_a_bad_file_shows_the_line_message_and_cannot_be_sent_for_review(app, db, make_user, make_editor, center, talking):
    client = signed_in(app, make_editor("trainer"))
    draft_id = start(client, center)
    base = f"/centers/{center.slug}/authoring/drafts/{draft_id}"
    client.post(f"{base}/files/02-second.md", data={"text": "---\ntitle: Two\nminuts: 3\n---\nBody\n", "lock": "1"})
    page = client.get(f"{base}/files/02-second.md").get_data(as_text=True)
    assert "curriculum/03-talking/02-second.md:3</a>: lesson: unknown key &#39;minuts&#39;" in page
    client.post(f"{base}/submit", data={"note": "oops", "lock": "2"})
    assert db.session.get(ModuleDraft, draft_id).status == "editing"


def test_learners_and_other_centers_get_404(app, db, make_user, make_editor, center, talking):
    from lms.centers.service import create_center

    other = create_center(name="Elsewhere Training Center", region="Elsewhere")
    draft_id = start(signed_in(app, make_editor("trainer")), center)
    for user in (make_user("learner"), make_user("center_admin", center_obj=other)):
        client = signed_in(app, user)
        assert client.get(f"/centers/{center.slug}/authoring/drafts/{draft_id}").status_code == 404
        assert client.post(f"/centers/{center.slug}/authoring/drafts", data={"module": "talking"}).status_code == 404


def test_an_unchanged_draft_cannot_be_sent_for_review(app, db, make_user, make_editor, center, talking):
    client = signed_in(app, make_editor("trainer"))
    draft_id = start(client, center)
    response = client.post(f"/centers/{center.slug}/authoring/drafts/{draft_id}/submit",
                           data={"note": "Nothing", "lock": "1"}, follow_redirects=True)
    assert "nothing to review" in response.get_data(as_text=True)
    assert db.session.get(ModuleDraft, draft_id).status == "editing"
