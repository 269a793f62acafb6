"""`flask lms content import` never silently overwrites the web: a module changed only on the web keeps the
web's version; changed on both sides since their last common version, it is refused (saying which files differ)
unless --force, which is audited."""
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.authoring.file_sync import import_vet
from lms.curriculum.models import Module
from lms.publishing import import_content
from tests.authoring.test_restore import web_publish


def run_import(app, content_dir, *flags):
    (content_dir / "programs").mkdir(exist_ok=True)
    return CliRunner().invoke(app.cli, ["lms", "content", "import", "--curriculum",
                                                        str(content_dir / "curriculum"), "--quizzes",
                                                        str(content_dir / "quizzes"), "--programs",
                                                        str(content_dir / "programs"), *flags],
                                              catch_exceptions=False)


def current(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(Module).where(Module.slug == "talking")).current_version.number


@pytest.mark.pg
def test_a_module_changed_only_on_the_web_keeps_the_web_version(app, db, make_editor, center, talking, content_dir):
    web_publish(db, center, make_editor(), make_editor("center_admin"), "\nWeb text.\n")
    report = import_content(content_dir / "curriculum", content_dir / "quizzes", vet=import_vet(content_dir))
    assert report.results == () and report.refused[0].startswith("kept talking: kept version 2")
    assert current(db) == 2


@pytest.mark.pg
def test_a_module_changed_on_both_sides_is_refused_then_forced_and_audited(app, db, make_editor, center, talking,
                                                                          content_dir):
    web_publish(db, center, make_editor(), make_editor("center_admin"), "\nWeb text.\n")
    lesson_file = content_dir / "curriculum" / "03-talking" / "01-first.md"
    lesson_file.write_text(lesson_file.read_text() + "\nFile text.\n")
    refused = run_import(app, content_dir)
    assert refused.exit_code == 1
    assert "refused talking: changed in the files and on the web (version 2) since version 1" in refused.stderr
    assert "differing: 01-first.md, module.md" in refused.stderr
    assert current(db) == 2
    forced = run_import(app, content_dir, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert current(db) == 3
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "content.import_forced")) is not None


@pytest.mark.pg
def test_files_changed_after_the_web_caught_up_import_as_usual(app, db, make_editor, center, talking, content_dir):
    lesson_file = content_dir / "curriculum" / "03-talking" / "01-first.md"
    lesson_file.write_text(lesson_file.read_text() + "\nFile text.\n")
    assert run_import(app, content_dir).exit_code == 0
    assert current(db) == 2


def test_a_file_module_may_not_take_over_a_centers_own_module(app, db, make_user, center, talking, content_dir):
    from tests.authoring.test_center_modules import publish_own_module

    publish_own_module(db, center, make_user("trainer"), make_user("center_admin"), slug="talking-local")
    (content_dir / "curriculum" / "03-talking").rename(content_dir / "curriculum" / "03-talking-local")
    result = run_import(app, content_dir)
    assert result.exit_code == 1 and "a center's own module" in result.stderr
