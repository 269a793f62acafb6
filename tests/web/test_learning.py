"""Learning through real requests: dashboard, module page, lessons, mark as done, versions, query counts."""
import shutil

import pytest
from sqlalchemy import select

from lms.curriculum.models import ModuleVersion
from lms.progress.models import Enrollment, LessonProgress, ModuleCompletion
from lms.publishing import import_content
from tests.conftest import SAMPLE_CONTENT
from tests.support.statements import statements_during

pytestmark = pytest.mark.pg


@pytest.fixture
def learner(make_user, login, content):
    user = make_user()
    login(user)
    return user


def test_the_dashboard_shows_each_module_with_a_progress_bar_and_a_start_link(client, learner):
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Sample module for tests" in html
    assert '<progress max="100" value="0"' in html
    assert 'href="/modules/sample-module/lessons/first-lesson"' in html


def test_the_module_page_lists_objectives_lessons_time_and_sources(client, learner):
    html = client.get("/modules/sample-module").get_data(as_text=True)
    for text in ("Describe the sample.", "First lesson", "Second lesson", "About 20 minutes", "A Sample Source"):
        assert text in html


def test_a_lesson_page_shows_sanitized_content_navigation_and_a_done_button(client, learner):
    html = client.get("/modules/sample-module/lessons/first-lesson").get_data(as_text=True)
    assert '<div class="admonition officer">' in html and "Lesson 1 of 2" in html
    assert 'rel="next" href="/modules/sample-module/lessons/second-lesson"' in html
    assert "Mark as done and continue" in html
    assert 'class="footnote"' in html and "https://example.org/sample" in html


def test_marking_lessons_done_moves_the_bar_and_completes_the_module(client, learner, db):
    response = client.post("/modules/sample-module/lessons/first-lesson/done")
    assert response.location.endswith("/modules/sample-module/lessons/second-lesson")
    assert '<progress max="100" value="50"' in client.get("/dashboard").get_data(as_text=True)
    assert 'Continue' in client.get("/dashboard").get_data(as_text=True)
    client.post("/modules/sample-module/lessons/second-lesson/done")
    assert db.session.scalar(select(ModuleCompletion.user_id)) == learner.id
    html = client.get("/dashboard").get_data(as_text=True)
    assert '<progress max="100" value="100"' in html and "Complete" in html


def test_marking_a_lesson_done_twice_records_it_once(client, learner, db):
    for _ in range(2):
        client.post("/modules/sample-module/lessons/first-lesson/done")
    assert len(db.session.scalars(select(LessonProgress)).all()) == 1


def test_progress_survives_signing_out_and_back_in(client, learner, login):
    client.post("/modules/sample-module/lessons/first-lesson/done")
    client.post("/signout")
    login(learner)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Continue" in html and 'href="/modules/sample-module/lessons/second-lesson"' in html


def test_unknown_modules_and_lessons_are_404_not_500(client, learner):
    assert client.get("/modules/nope").status_code == 404
    assert client.get("/modules/sample-module/lessons/nope").status_code == 404
    assert client.post("/modules/sample-module/lessons/nope/done").status_code == 404
    assert client.get("/modules/sample-module/lessons/" + "x" * 5000).status_code == 404


def test_learning_pages_need_sign_in(client, content):
    response = client.get("/modules/sample-module")
    assert response.status_code == 302 and "/signin?next=" in response.location


def changed_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    lesson = target / "curriculum" / "01-sample-module" / "02-second-lesson.md"
    lesson.write_text(lesson.read_text() + "\nA new paragraph in version two.\n")
    return target


def test_a_new_version_never_takes_away_what_a_learner_completed(client, learner, db, tmp_path):
    client.post("/modules/sample-module/lessons/first-lesson/done")
    client.post("/modules/sample-module/lessons/second-lesson/done")
    target = changed_copy(tmp_path)
    report = import_content(target / "curriculum", target / "quizzes")
    assert report.created == 1
    numbers = db.session.scalars(select(ModuleVersion.number).join(ModuleVersion.module).where(
        ModuleVersion.module.has(slug="sample-module")).order_by(ModuleVersion.number)).all()
    assert numbers == [1, 2]
    completion = db.session.scalar(select(ModuleCompletion))
    assert completion.version.number == 1
    html = client.get("/dashboard").get_data(as_text=True)
    assert '<progress max="100" value="100"' in html


def test_a_learner_part_way_through_stays_on_their_version_and_newcomers_get_the_new_one(
        client, app, learner, make_user, db, tmp_path):
    client.post("/modules/sample-module/lessons/first-lesson/done")
    target = changed_copy(tmp_path)
    import_content(target / "curriculum", target / "quizzes")
    assert "A new paragraph" not in client.get("/modules/sample-module/lessons/second-lesson").get_data(as_text=True)
    newcomer = make_user()
    other = app.test_client()
    other.post("/signin", data={"email": newcomer.email, "password": "correct horse battery"})
    assert "A new paragraph" in other.get("/modules/sample-module/lessons/second-lesson").get_data(as_text=True)
    assert db.session.scalar(select(Enrollment.version_id).where(Enrollment.user_id == learner.id)) == 1


def test_reimporting_unchanged_content_changes_nothing(db, content):
    again = import_content(SAMPLE_CONTENT / "curriculum", SAMPLE_CONTENT / "quizzes")
    assert again.created == 0 and len(db.session.scalars(select(ModuleVersion)).all()) == 2


def _count_queries(app, db, fn):
    return len(statements_during(db, fn)[1])


def test_the_dashboard_query_count_does_not_grow_with_the_number_of_modules(app, client, learner, db, tmp_path):
    client.get("/dashboard")  # published content is cached per process after its first read
    one = _count_queries(app, db, lambda: client.get("/dashboard"))
    target = tmp_path / "many"
    shutil.copytree(SAMPLE_CONTENT, target)
    for n in range(2, 8):
        shutil.copytree(target / "curriculum" / "01-sample-module", target / "curriculum" / f"0{n}-sample-{n}")
    import_content(target / "curriculum", target / "quizzes")
    client.post("/modules/sample-3/lessons/first-lesson/done")
    client.get("/dashboard")
    seven = _count_queries(app, db, lambda: client.get("/dashboard"))
    # the signed-in user, the modules with their versions, the lessons done, the programs' current specs; the
    # learner's assignments, the cohorts they train and their teams (one query each, whatever their number)
    assert seven == one == 7
