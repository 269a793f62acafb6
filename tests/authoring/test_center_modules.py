"""Who may change what: shared modules only curriculum editors (granted by the site admin); a center's own
module only its staff, and only its members ever see it."""
import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.authoring.new_module import create_center_module
from lms.authoring.service import DraftRefused, approve_and_publish, start_draft, submit
from lms.centers.cohort_service import target_choices
from lms.centers.service import create_center
from lms.curriculum.models import Module
from tests.authoring.conftest import module_files
from tests.conftest import PASSWORD


def signed_in(app, user):
    client = app.test_client()
    client.post("/signin", data={"email": user.email, "password": PASSWORD})
    return client


def publish_own_module(db, center, author, reviewer, slug="our-county") -> Module:
    draft = create_center_module(center_id=center.id, slug=slug, title="Our county's referrals", actor_id=author.id)
    draft.files = module_files()  # the passing module's text, as the author would have written it
    db.session.commit()
    submit(draft, note="First version.", expected=draft.lock_version, actor_id=author.id)
    approve_and_publish(draft, expected=draft.lock_version, actor_id=reviewer.id)
    return db.session.scalar(select(Module).where(Module.slug == slug))


@pytest.mark.pg
def test_a_trainer_who_is_not_a_curriculum_editor_cannot_draft_a_shared_module(app, db, make_user, center, talking):
    trainer = make_user("trainer")
    with pytest.raises(DraftRefused, match="Only curriculum editors"):
        start_draft(center_id=center.id, slug="talking", actor_id=trainer.id)
    page = signed_in(app, trainer).post(f"/centers/{center.slug}/authoring/drafts", data={"module": "talking"},
                                        follow_redirects=True).get_data(as_text=True)
    assert "Only curriculum editors may change a shared module" in page


@pytest.mark.pg
def test_the_site_admin_grants_the_role_and_then_the_trainer_may_draft(app, db, make_user, center, talking):
    trainer, admin = make_user("trainer"), make_user("site_admin")
    page = signed_in(app, admin).post(f"/admin/users/{trainer.id}/grant_editor", follow_redirects=True)
    assert "is a curriculum editor" in page.get_data(as_text=True)
    db.session.refresh(trainer)
    assert trainer.is_curriculum_editor
    assert start_draft(center_id=center.id, slug="talking", actor_id=trainer.id).center_owned is False
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "account.curriculum_editor_granted", AuditEvent.target_id == str(trainer.id)))
    signed_in(app, admin).post(f"/admin/users/{trainer.id}/revoke_editor")
    db.session.refresh(trainer)
    assert not trainer.is_curriculum_editor


@pytest.mark.pg
def test_a_reviewer_who_is_not_a_curriculum_editor_cannot_publish_a_shared_module(app, db, make_user, make_editor,
                                                                                  center, talking):
    from lms.authoring.service import save_file

    author = make_editor()
    draft = start_draft(center_id=center.id, slug="talking", actor_id=author.id)
    save_file(draft, name="module.md", text=draft.files["module.md"] + "\nMore.\n", expected=1, actor_id=author.id)
    submit(draft, note="More.", expected=2, actor_id=author.id)
    with pytest.raises(DraftRefused, match="Only curriculum editors"):
        approve_and_publish(draft, expected=3, actor_id=make_user("center_admin").id)
    assert db.session.scalar(select(Module).where(Module.slug == "talking")).current_version.number == 1


@pytest.mark.pg
def test_a_centers_own_module_is_seen_only_by_its_members(app, db, make_user, center, talking):
    module = publish_own_module(db, center, make_user("trainer"), make_user("center_admin"))
    assert module.owner_center_id == center.id and module.current_version.number == 1
    other = create_center(name="Other Center", region="Elsewhere")
    ours, theirs = signed_in(app, make_user("learner")), signed_in(app, make_user("learner", center_obj=other))
    assert ours.get("/modules/our-county").status_code == 200
    assert ours.get("/modules/our-county/lessons/first").status_code == 200
    assert theirs.get("/modules/our-county").status_code == 404
    assert theirs.get("/modules/our-county/lessons/first").status_code == 404
    assert theirs.get("/modules/our-county/quiz").status_code == 404
    dashboard_ours = ours.get("/dashboard", follow_redirects=True).get_data(as_text=True)
    dashboard_theirs = theirs.get("/dashboard", follow_redirects=True).get_data(as_text=True)
    assert "/modules/our-county" in dashboard_ours and "/modules/our-county" not in dashboard_theirs
    assert "/modules/talking" in dashboard_theirs
    assert "our-county" not in app.test_client().get("/").get_data(as_text=True)  # the public home page
    # the other center's staff: not in their authoring lists, and its pages do not exist for them
    staff = signed_in(app, make_user("center_admin", center_obj=other))
    assert "our-county" not in staff.get(f"/centers/{other.slug}/authoring").get_data(as_text=True)
    assert staff.get(f"/centers/{other.slug}/authoring/modules/our-county/history").status_code == 404
    assert staff.get(f"/centers/{other.slug}/authoring/modules/our-county/item-analysis").status_code == 404
    with pytest.raises(DraftRefused, match="no module"):
        start_draft(center_id=other.id, slug="our-county", actor_id=make_user("trainer", center_obj=other).id)
    # cohorts: the center may assign its own module; the other center may not
    assert f"module:{module.id}" in dict(target_choices(center.id))
    assert f"module:{module.id}" not in dict(target_choices(other.id))


@pytest.mark.pg
def test_a_centers_own_module_is_changed_by_its_staff_without_the_editor_role(app, db, make_user, center, talking):
    trainer = make_user("trainer")
    publish_own_module(db, center, trainer, make_user("center_admin"))
    draft = start_draft(center_id=center.id, slug="our-county", actor_id=trainer.id)
    assert draft.center_owned


@pytest.mark.pg
@pytest.mark.parametrize("slug, message", [("talking", "already exists"), ("Bad Name", "lowercase"),
                                           ("x" * 61, "lowercase")])
def test_a_new_module_needs_a_free_well_formed_name(app, db, make_user, center, talking, slug, message):
    with pytest.raises(DraftRefused, match=message):
        create_center_module(center_id=center.id, slug=slug, title="T", actor_id=make_user("trainer").id)


def test_learners_cannot_start_a_module_at_a_center(app, db, make_user, center):
    with pytest.raises(DraftRefused):
        create_center_module(center_id=center.id, slug="mine", title="Mine", actor_id=make_user("learner").id)
