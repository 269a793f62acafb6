"""The site-wide review queue for shared modules: a curriculum editor at any center reviews, sends back and
publishes another center's shared draft through the same services; everyone else gets 404."""
import pytest
from sqlalchemy import select

from lms.authoring import service
from lms.authoring.models import ModuleDraft
from lms.curriculum.models import Module
from lms.timeutil import utcnow
from tests.authoring.conftest import lesson
from tests.conftest import PASSWORD
from tests.support.statements import statements_during

QUEUE = "/authoring/shared/reviews"


def signed_in(app, user):
    client = app.test_client()
    client.post("/signin", data={"email": user.email, "password": PASSWORD})
    return client


def other_center(name="Northeast Regional Training Center"):
    from lms.centers.service import create_center

    return create_center(name=name, region="New Haven, CT")


def sent_for_review(center, author, note="Officers kneel.") -> ModuleDraft:
    """A draft of the shared module `talking` at `center`, changed and sent for review by `author`."""
    draft = service.start_draft(center_id=center.id, slug="talking", actor_id=author.id)
    text = lesson("Lesson first", '\n\n!!! officer "For officers"\n    Kneel and say your name.\n')
    service.save_file(draft, name="01-first.md", text=text, expected=draft.lock_version, actor_id=author.id)
    service.submit(draft, note=note, expected=draft.lock_version, actor_id=author.id)
    return draft


@pytest.mark.pg
def test_an_editor_at_no_common_center_reviews_and_publishes_another_centers_shared_draft(
        app, db, make_editor, center, talking):
    author = make_editor("trainer")
    reviewer = make_editor("trainer", center_obj=other_center())
    draft = sent_for_review(center, author)
    client = signed_in(app, reviewer)
    assert client.get(f"/centers/{center.slug}/authoring").status_code == 404  # the workspace stays the center's
    listing = client.get(QUEUE).get_data(as_text=True)
    assert "03-talking" in listing and author.full_name in listing and "Officers kneel." in listing
    assert center.name in listing and f'href="{QUEUE}/{draft.id}"' in listing
    page = client.get(f"{QUEUE}/{draft.id}").get_data(as_text=True)
    assert 'class="diff"' in page and "Kneel&nbsp;and&nbsp;say" in page and "Approve and publish" in page
    sent_back = client.post(f"{QUEUE}/{draft.id}/send-back", data={"comment": "Say why.", "lock": draft.lock_version})
    assert sent_back.status_code == 302
    db.session.expire_all()
    assert (draft.status, draft.review_comment) == ("editing", "Say why.")
    service.submit(draft, note="Officers kneel, and why.", expected=draft.lock_version, actor_id=author.id)
    approved = client.post(f"{QUEUE}/{draft.id}/approve", data={"lock": draft.lock_version})
    assert approved.status_code == 302 and approved.headers["Location"].endswith(QUEUE)
    db.session.expire_all()
    assert draft.status == "published"
    module = db.session.scalar(select(Module).where(Module.slug == "talking"))
    assert module.current_version.number == 2 and module.owner_center_id is None
    assert "No shared module is waiting for review." in client.get(QUEUE).get_data(as_text=True)


@pytest.mark.pg
def test_a_trainer_who_is_not_a_curriculum_editor_gets_404_everywhere_in_the_queue(
        app, db, make_user, make_editor, center, talking):
    draft = sent_for_review(center, make_editor("trainer"))
    client = signed_in(app, make_user("trainer"))
    assert client.get(QUEUE).status_code == 404
    assert client.get(f"{QUEUE}/{draft.id}").status_code == 404
    assert client.post(f"{QUEUE}/{draft.id}/approve", data={"lock": draft.lock_version}).status_code == 404
    assert client.post(f"{QUEUE}/{draft.id}/send-back", data={"comment": "No.", "lock": draft.lock_version}
                       ).status_code == 404
    assert "Shared reviews" not in client.get("/dashboard").get_data(as_text=True)
    db.session.expire_all()
    assert draft.status == "in_review"
    assert app.test_client().get(QUEUE).status_code == 302  # anonymous: sign in first


@pytest.mark.pg
def test_the_sender_cannot_approve_their_own_shared_draft_from_the_queue(app, db, make_editor, center, talking):
    author = make_editor("trainer")
    draft = sent_for_review(center, author)
    client = signed_in(app, author)
    assert "Shared reviews" in client.get("/dashboard").get_data(as_text=True)
    page = client.get(f"{QUEUE}/{draft.id}").get_data(as_text=True)
    assert "Approve and publish" not in page and "another curriculum editor" in page
    refused = client.post(f"{QUEUE}/{draft.id}/approve", data={"lock": draft.lock_version}, follow_redirects=True)
    assert "Someone other than the person who sent it for review must approve it." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert draft.status == "in_review"
    assert db.session.scalar(select(Module).where(Module.slug == "talking")).current_version.number == 1


@pytest.mark.pg
def test_unknown_center_owned_and_not_waiting_drafts_get_a_clear_404_or_409(app, db, make_editor, center, talking):
    author, reviewer = make_editor("trainer"), make_editor("center_admin")
    editing = service.start_draft(center_id=center.id, slug="talking", actor_id=author.id)
    own = ModuleDraft(center_id=center.id, folder="09-our-own", files={"module.md": ""}, center_owned=True,
                      status="in_review", created_by_id=author.id, updated_by_id=author.id,
                      submitted_by_id=author.id, submitted_at=utcnow())
    db.session.add(own)
    db.session.commit()
    client = signed_in(app, reviewer)
    for path in ("", "/approve", "/send-back"):
        send = client.get if not path else client.post
        missing = send(f"{QUEUE}/999999{path}", **({} if not path else {"data": {"comment": "x"}}))
        assert missing.status_code == 404 and "There is no draft number 999999." in missing.get_data(as_text=True)
        centers = send(f"{QUEUE}/{own.id}{path}", **({} if not path else {"data": {"comment": "x"}}))
        assert centers.status_code == 404 and "a center&#39;s own module" in centers.get_data(as_text=True)
        waiting = send(f"{QUEUE}/{editing.id}{path}", **({} if not path else {"data": {"comment": "x"}}))
        assert waiting.status_code == 409
        assert "is not waiting for review: it is editing." in waiting.get_data(as_text=True)
    assert client.get(f"{QUEUE}/not-a-number").status_code == 404
    db.session.expire_all()
    assert (editing.status, own.status, own.review_comment) == ("editing", "in_review", "")
    assert "09-our-own" not in client.get(QUEUE).get_data(as_text=True)


def _waiting_drafts(db, make_user, start: int, stop: int) -> None:
    """Shared drafts in review numbered start..stop-1, each from its own center and sender."""
    for n in range(start, stop):
        place = other_center(f"Training Center {n:03d}")
        sender = make_user("trainer", center_obj=place)
        db.session.add(ModuleDraft(center_id=place.id, folder="03-talking", files={"module.md": ""},
                                   status="in_review", created_by_id=sender.id, updated_by_id=sender.id,
                                   submitted_by_id=sender.id, submitted_at=utcnow(), change_note=f"Change {n}."))
    db.session.commit()


@pytest.mark.pg
def test_the_queue_runs_as_many_statements_at_3_drafts_as_at_60_and_pages_by_50(
        app, db, make_user, make_editor, center, talking):
    client = signed_in(app, make_editor("trainer"))
    _waiting_drafts(db, make_user, 0, 3)
    few_page, few = statements_during(db, lambda: client.get(QUEUE))
    _waiting_drafts(db, make_user, 3, 60)
    many_page, many = statements_during(db, lambda: client.get(QUEUE))
    assert few_page.status_code == many_page.status_code == 200
    assert len(few) == len(many)
    first = many_page.get_data(as_text=True)
    assert first.count('<th scope="row">') == 50 and "Page 1 of 2" in first and "Change 0." in first
    second = client.get(f"{QUEUE}?page=2").get_data(as_text=True)
    assert second.count('<th scope="row">') == 10 and "Change 59." in second
    assert client.get(f"{QUEUE}?page=99").status_code == 200  # clamped to the last page
