"""The shipped curriculum: every module passes the writing and CE rules, imports, and every page renders."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from lms.publishing import check_item, import_content, load_content

ROOT = Path(__file__).resolve().parent.parent
CURRICULUM, QUIZZES, PROGRAMS = ROOT / "curriculum", ROOT / "quizzes", ROOT / "programs"
ITEMS = load_content(CURRICULUM, QUIZZES)


def test_eight_modules_ship_each_with_a_quiz():
    assert len(ITEMS) == 8
    assert all(item.quiz is not None for item in ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=[i.module.folder for i in ITEMS])
def test_each_module_meets_the_writing_and_post_test_rules(item):
    report = check_item(item)
    assert report.problems == []
    assert item.module.ce_hours >= 0.5 and len(item.module.objectives) >= 4
    assert item.module.ce_category in ("clinical", "general")
    assert report.warnings == []  # the stated minutes match words at 200 a minute plus quiz time (within 20%)
    assert any("admonition quickref" in lesson.html for lesson in item.module.lessons)
    kinds = [q.kind for q in item.quiz.questions]
    assert kinds.count("scenario") >= 2


def test_the_referral_module_marks_the_place_for_local_resources():
    referral = next(i for i in ITEMS if i.module.slug == "making-referrals")
    html = "".join(lesson.html for lesson in referral.module.lessons)
    assert 'class="admonition local-resources"' in html
    for number in ("988", "1-800-422-4453", "1-800-799-7233"):
        assert number in html


def test_content_check_prints_a_line_per_module_and_succeeds(app):
    result = CliRunner().invoke(app.cli, ["lms", "content", "check", "--curriculum", str(CURRICULUM),
                                          "--quizzes", str(QUIZZES), "--programs", str(PROGRAMS)])
    assert result.exit_code == 0, result.output
    assert result.output.count("\nok ") + result.output.startswith("ok ") == 8 + 1  # eight modules, one program
    assert "ok   program cdcp-core: 4.5 CE h, modules 275 min" in result.output


def test_every_shipped_lesson_and_quiz_page_renders_for_a_learner(app, client, make_user, login):
    report = import_content(CURRICULUM, QUIZZES, PROGRAMS)
    assert [p.slug for p in report.programs] == ["cdcp-core"]
    login(make_user())
    for item in ITEMS:
        slug = item.module.slug
        assert client.get(f"/modules/{slug}").status_code == 200
        for lesson in item.module.lessons:
            response = client.get(f"/modules/{slug}/lessons/{lesson.slug}")
            assert response.status_code == 200, (slug, lesson.slug)
        assert client.get(f"/modules/{slug}/quiz").status_code == 200


@pytest.mark.parametrize("item", ITEMS, ids=[i.module.folder for i in ITEMS])
def test_every_shipped_question_names_an_objective_taught_by_a_lesson(item):
    assert all(lessons for lessons in item.module.objective_lessons.values())
    assert all(q.objective and q.lessons for q in item.quiz.questions)


@pytest.mark.parametrize("item", ITEMS, ids=[i.module.folder for i in ITEMS])
def test_officers_clinicians_and_cps_workers_each_get_questions_of_their_own(item):
    audiences = {q.audience for q in item.quiz.questions}
    assert {"officer", "clinician", "cps_worker"} <= audiences


@pytest.mark.parametrize("item", ITEMS, ids=[i.module.folder for i in ITEMS])
def test_each_roles_retake_draws_a_different_test_from_a_pool_half_again_as_large(item):
    from lms.quizzes.ce_rule import check_pool, drawn_questions, role_pools

    assert item.quiz.settings.draw
    assert check_pool(item.quiz) == []
    for _, pool in role_pools(item.quiz):
        assert len(pool.questions) >= 1.5 * drawn_questions(pool)
