"""`flask lms` commands: import reports every problem as file:line and writes nothing when anything is wrong."""
import shutil

from click.testing import CliRunner
from sqlalchemy import func, select

from lms.auth.models import User
from lms.curriculum.models import Module
from tests.conftest import SAMPLE_CONTENT


def run(app, *args):
    return CliRunner().invoke(app.cli, list(args), catch_exceptions=False)


def test_import_prints_each_module_and_is_idempotent(app):
    args = ["lms", "content", "import", "--curriculum", str(SAMPLE_CONTENT / "curriculum"),
            "--quizzes", str(SAMPLE_CONTENT / "quizzes")]
    first, second = run(app, *args), run(app, *args)
    assert "sample-module: version 1 (new version)" in first.output and "2 new version(s)" in first.output
    assert "0 new version(s)" in second.output


def test_one_bad_file_imports_nothing_and_names_every_problem(app, db, tmp_path):
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    quiz = target / "quizzes" / "02-quiz-module.yaml"
    quiz.write_text(quiz.read_text().replace("next: question", "next: nowhere").replace("pass_mark: 80",
                                                                                          "pass_mark: eighty"))
    result = CliRunner().invoke(app.cli, ["lms", "content", "import", "--curriculum", str(target / "curriculum"),
                                          "--quizzes", str(target / "quizzes")])
    assert result.exit_code == 1
    assert "quizzes/02-quiz-module.yaml:4: settings: 'pass_mark' must be a whole number" in result.output
    assert "quizzes/02-quiz-module.yaml:48: question 'stabbing' step 'first' option 2: 'next: nowhere' names no step" in result.output
    assert "nothing was imported" in result.output
    assert db.session.scalar(select(func.count()).select_from(Module)) == 0


def test_content_check_fails_on_a_module_that_breaks_the_writing_rules(app):
    result = CliRunner().invoke(app.cli, ["lms", "content", "check", "--curriculum",
                                          str(SAMPLE_CONTENT / "curriculum"),
                                          "--quizzes", str(SAMPLE_CONTENT / "quizzes")])
    assert result.exit_code == 1
    assert "FAIL 01-sample-module" in result.output and "500 to 1200 are expected" in result.output


def test_create_admin_makes_a_site_admin_and_refuses_weak_passwords(app, db):
    weak = CliRunner().invoke(app.cli, ["lms", "create-admin", "--email", "a@b.org", "--name", "Ada Admin",
                                        "--password", "password1"])
    assert weak.exit_code != 0 and "too common" in weak.output
    ok = run(app, "lms", "create-admin", "--email", "a@b.org", "--name", "Ada Admin", "--password",
             "long admin passphrase")
    assert "a@b.org is a site administrator" in ok.output
    assert db.session.scalar(select(User.is_site_admin).where(User.email == "a@b.org")) is True


def test_demo_creates_the_center_and_accounts_once(app, db):
    first = run(app, "lms", "demo")
    run(app, "lms", "demo")
    assert "officer@demo.cdcp.test" in first.output and "cross-train-2026" in first.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 13  # 12 at the center and a site admin
