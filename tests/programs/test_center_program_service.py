"""A center's own programs through the service: what they may include, what they are called, who finds them, and
how a change becomes a new version."""
import re

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.centers.cohort_service import target_choices
from lms.centers.service import create_center
from lms.programs import selectors
from lms.programs.center_service import ProgramRefused, create_center_program, set_archived, update_center_program
from lms.programs.models import Program, ProgramVersion
from lms.programs.spec import ProgramSpec
from tests.programs.conftest import fields, publish_own_module

pytestmark = pytest.mark.pg


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_center_program_of_a_shared_and_an_own_module_is_published_as_version_one(db, center, make_user,
                                                                                   own_module):
    admin = make_user("center_admin")
    program = create_center_program(center_id=center.id, slug="county-refresher", fields=fields(), actor_id=admin.id)
    spec = ProgramSpec.from_dict(program.current_version.spec)
    assert program.owner_center_id == center.id and program.current_version.number == 1
    assert spec.modules == ("sample-module", "our-county") and spec.ce_hours == 1.0 and spec.validity_months == 12
    assert spec.accreditation == {"post": {"post_authority": "State POST"}, "ce": {
        "category": "Clinical practice", "delivery_format": "Online", "course_level": "Introductory"}}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "program.created"))
    assert (event.actor_id, event.center_id, event.target_id) == (admin.id, center.id, str(program.id))


@pytest.mark.parametrize("slug, changes, message", [
    ("county", {"modules": ()}, "at least one module"),
    ("county", {"modules": ("sample-module", "no-such-module")}, "No published module is called 'no-such-module'"),
    ("county", {"modules": ("sample-module", "sample-module")}, "listed twice: sample-module"),
    ("county", {"modules": ("sample-module", "their-module")}, "'their-module' is another center's own module"),
    ("sample-program", {}, "A program called 'sample-program' already exists"),
    ("Not A Slug", {}, "lowercase letters, digits and hyphens"),
    ("county", {"ce_hours": 4.0}, "modules' estimated minutes add up to 60 (at most 1 hours)"),
    ("county", {"objectives": (" ",)}, "at least one learning objective"),
    ("county", {"title": "  "}, "needs a title"),
    ("county", {"validity_months": 0}, "1 to 240"),
    ("county", {"layouts": {"officer": "post"}}, "for every discipline"),
])
def test_a_program_that_cannot_be_made_is_refused_with_a_message_and_nothing_is_written(
        db, center, make_user, own_module, slug, changes, message):
    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    publish_own_module(db, other, make_user, slug="their-module")
    programs, versions, events = _count(db, Program), _count(db, ProgramVersion), _count(db, AuditEvent)
    with pytest.raises(ProgramRefused, match=re.escape(message)):
        create_center_program(center_id=center.id, slug=slug, fields=fields(**changes), actor_id=None)
    assert (_count(db, Program), _count(db, ProgramVersion), _count(db, AuditEvent)) == (programs, versions, events)


def test_a_name_another_center_or_a_program_file_uses_is_refused(app, db, center, own_module, tmp_path):
    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    create_center_program(center_id=other.id, slug="refresher", fields=fields(modules=("sample-module", "quiz-module"),
                                                                              ce_hours=0.5), actor_id=None)
    with pytest.raises(ProgramRefused, match="'refresher' already exists"):
        create_center_program(center_id=center.id, slug="refresher", fields=fields(), actor_id=None)
    (tmp_path / "coming-soon.yaml").write_text("title: x\n", encoding="utf-8")
    app.config["PROGRAMS_DIR"] = str(tmp_path)
    with pytest.raises(ProgramRefused, match="'coming-soon' already exists"):
        create_center_program(center_id=center.id, slug="coming-soon", fields=fields(), actor_id=None)


def test_a_program_file_cannot_take_over_a_center_programs_name(db, center, own_module, tmp_path):
    from lms.contentfiles import ContentErrors
    from lms.publishing import import_content
    from tests.conftest import SAMPLE_CONTENT

    create_center_program(center_id=center.id, slug="county-refresher", fields=fields(), actor_id=None)
    text = (SAMPLE_CONTENT / "programs" / "sample-program.yaml").read_text(encoding="utf-8")
    (tmp_path / "county-refresher.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors, match="county-refresher.yaml:1: 'county-refresher' is already the name of a "):
        import_content(SAMPLE_CONTENT / "curriculum", SAMPLE_CONTENT / "quizzes", tmp_path)
    assert _count(db, ProgramVersion) == 2  # the shared sample program's and the center program's first


def test_only_the_owning_center_finds_its_program_and_archiving_takes_it_off_the_lists(db, center, make_user,
                                                                                       own_module):
    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    program = create_center_program(center_id=center.id, slug="county-refresher", fields=fields(), actor_id=None)
    member, stranger = make_user(), make_user(center_obj=other)
    assert selectors.program_by_slug("county-refresher", center_id=center.id) == program
    assert selectors.program_by_slug("county-refresher", center_id=other.id) is None
    assert selectors.program_by_slug("county-refresher") is None  # the shared lists never hold it
    assert selectors.program_for_user("county-refresher", member) == program
    assert selectors.program_for_user("county-refresher", stranger) is None
    assert f"program:{program.id}" in dict(target_choices(center.id))
    assert f"program:{program.id}" not in dict(target_choices(other.id))
    assert [v.program_id for v, _ in selectors.current_versions(user_id=stranger.id)] == [
        selectors.program_by_slug("sample-program").id]
    set_archived(program, archived=True, actor_id=None)
    assert f"program:{program.id}" not in dict(target_choices(center.id))
    assert selectors.program_for_user("county-refresher", member) is None
    assert selectors.program_by_slug("county-refresher", center_id=center.id, include_archived=True) == program
    set_archived(program, archived=False, actor_id=None)
    assert f"program:{program.id}" in dict(target_choices(center.id))
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("program.%"))
                                      .order_by(AuditEvent.id)))
    assert actions == ["program.created", "program.archived", "program.restored"]


def test_a_change_is_a_new_version_and_the_first_one_stays_as_it_was(db, center, own_module):
    program = create_center_program(center_id=center.id, slug="county-refresher", fields=fields(), actor_id=None)
    first = program.current_version
    second = update_center_program(program, fields=fields(title="County refresher 2027", modules=("our-county",
                                                                                                 "sample-module")),
                                   expected_version_id=first.id, actor_id=None)
    assert (second.number, second.title, program.current_version_id) == (2, "County refresher 2027", second.id)
    assert ProgramSpec.from_dict(second.spec).modules == ("our-county", "sample-module")
    db.session.expire_all()
    assert (db.session.get(ProgramVersion, first.id).title, first.spec["modules"]) == (
        "County refresher", ["sample-module", "our-county"])
    same = update_center_program(program, fields=fields(title="County refresher 2027", modules=(
        "our-county", "sample-module")), expected_version_id=second.id, actor_id=None)
    assert same.id == second.id  # nothing changed: no new version, no audit event
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "program.updated")) == 1
    with pytest.raises(ProgramRefused, match="Someone else saved this program"):
        update_center_program(program, fields=fields(title="Stale"), expected_version_id=first.id, actor_id=None)
    with pytest.raises(ProgramRefused, match="another center's own module|No published module"):
        update_center_program(program, fields=fields(modules=("nope",)), expected_version_id=second.id,
                              actor_id=None)
    assert db.session.get(Program, program.id).current_version_id == second.id


def test_a_shared_program_is_not_changed_or_archived_here(db, center, content):
    shared = selectors.program_by_slug("sample-program")
    with pytest.raises(ProgramRefused, match="changed in its file"):
        update_center_program(shared, fields=fields(), expected_version_id=shared.current_version_id, actor_id=None)
    with pytest.raises(ProgramRefused, match="cannot be archived"):
        set_archived(shared, archived=True, actor_id=None)
