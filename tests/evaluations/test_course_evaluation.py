"""A program that requires the course evaluation is requested only once the evaluation is in; the center reads
the results (averages, comments a page at a time, CSV)."""
import pytest
from sqlalchemy import func, select

from lms.evaluations.models import CourseEvaluation, ObjectiveRating
from tests.evaluations.conftest import ANSWERS, finish_sample_module, requests_for

pytestmark = pytest.mark.pg


def test_the_certificate_waits_for_the_evaluation_and_is_requested_when_it_comes_in(client, login, make_user, db,
                                                                                     center, evaluated_program):
    learner = make_user()
    login(learner)
    finish_sample_module(client)
    assert requests_for(db, evaluated_program) == []  # modules done, evaluation not
    page = client.get("/certificates").get_data(as_text=True)
    assert "Evaluate Sample" in page and "/programs/sample/evaluation" in page
    response = client.post("/programs/sample/evaluation", data=ANSWERS)
    assert response.status_code == 302
    assert requests_for(db, evaluated_program) == [learner.id]
    stored = db.session.scalar(select(CourseEvaluation))
    assert (stored.relevance, stored.free_of_bias, stored.comments) == (5, True, "Clear scenarios.")
    assert [r.rating for r in stored.ratings] == [5, 4]
    assert "I attest that I completed this program myself" in stored.attestation
    assert "Evaluate Sample" not in client.get("/certificates").get_data(as_text=True)
    client.post("/signout")
    staff = make_user("center_admin")
    login(staff)
    record = client.get(f"/centers/{center.slug}/learners/{learner.id}").get_data(as_text=True)
    assert "Course evaluations and attestations of time" in record and "I attest that I completed" in record


def test_the_evaluation_opens_only_after_the_modules_and_is_taken_once(client, login, make_user, db,
                                                                       evaluated_program):
    login(make_user())
    page = client.get("/programs/sample/evaluation").get_data(as_text=True)
    assert "opens when you have completed every module" in page and "objective_1" not in page
    assert client.post("/programs/sample/evaluation", data=ANSWERS).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(CourseEvaluation)) == 0
    finish_sample_module(client)
    assert client.post("/programs/sample/evaluation", data=ANSWERS).status_code == 302
    again = client.post("/programs/sample/evaluation", data=ANSWERS)
    assert again.status_code == 422 and "You have evaluated this program" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CourseEvaluation)) == 1


@pytest.mark.parametrize("change, message", [
    ({"objective_2": ""}, "Rate how well objective 2 was met."),
    ({"objective_1": "9"}, "Not a valid choice"),
    ({"attest": ""}, "Tick the attestation of your time to submit."),
    ({"free_of_bias": ""}, "Say whether the content was free of bias."),
    ({"comments": "x" * 2001}, "Field cannot be longer than 2000 characters."),
    ({"comments": "bad\x00byte"}, "control character"),
])
def test_an_incomplete_or_bad_evaluation_is_refused_with_a_message_and_nothing_is_stored(
        client, login, make_user, db, evaluated_program, change, message):
    login(make_user())
    finish_sample_module(client)
    response = client.post("/programs/sample/evaluation", data={**ANSWERS, **change})
    assert response.status_code in (400, 422)
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CourseEvaluation)) == 0
    assert db.session.scalar(select(func.count()).select_from(ObjectiveRating)) == 0
    assert requests_for(db, evaluated_program) == []


def test_a_program_that_does_not_require_it_is_requested_without_the_evaluation(client, login, make_user, db,
                                                                                 evaluated_program):
    from lms.programs.service import publish_program
    from lms.programs.spec import parse_program
    from tests.evaluations.conftest import PROGRAM

    spec = parse_program(PROGRAM.replace("evaluation: required", "evaluation: optional"), "programs/sample.yaml",
                         slug="sample", module_slugs={"sample-module"})
    version = publish_program(spec).version
    db.session.commit()
    learner = make_user()
    login(learner)
    finish_sample_module(client)
    assert requests_for(db, version) == [learner.id]
    assert "Please evaluate the program" in client.get("/certificates").get_data(as_text=True)


def _evaluate(client, login, make_user, **answers):
    login(make_user())
    finish_sample_module(client)
    assert client.post("/programs/sample/evaluation", data={**ANSWERS, **answers}).status_code == 302
    client.post("/signout")


def test_the_center_reads_averages_comments_and_a_csv_that_excel_opens(client, login, make_user, db, center,
                                                                       evaluated_program):
    _evaluate(client, login, make_user)
    _evaluate(client, login, make_user, objective_1="3", relevance="4", free_of_bias="no",
              comments="=HYPERLINK(\"x\") one scenario felt one-sided")
    _evaluate(client, login, make_user, comments="")
    login(make_user("center_admin"))
    slug = center.slug
    page = client.get(f"/centers/{slug}/evaluations/sample").get_data(as_text=True)
    assert "3 evaluations" in page
    assert "Objective 1: Describe the sample</td><td>4.3</td><td>3</td>" in page
    assert "Relevance to practice</td><td>4.7</td>" in page
    assert "Content not free of bias: 1 of 3" in page
    assert page.count("<li><p class=\"meta\">") == 2  # empty comments are not listed
    csv = client.get(f"/centers/{slug}/evaluations/sample.csv")
    text = csv.get_data(as_text=True)
    assert csv.mimetype == "text/csv" and text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert lines[0].endswith("objective 1,objective 2,comments") and len(lines) == 4
    assert "'=HYPERLINK" in text  # formula-safe


def test_comments_are_paged_in_sql(client, login, make_user, db, evaluated_program, monkeypatch):
    from lms.evaluations import selectors

    monkeypatch.setattr(selectors, "COMMENTS_PER_PAGE", 2)
    for n in range(3):
        _evaluate(client, login, make_user, comments=f"comment number {n}")
    login(make_user("center_admin"))
    first = client.get("/centers/southeast-regional-training-center/evaluations/sample").get_data(as_text=True)
    assert "comment number 2" in first and "comment number 0" not in first and "Page 1 of 2" in first
    second = client.get("/centers/southeast-regional-training-center/evaluations/sample?page=2")
    assert "comment number 0" in second.get_data(as_text=True)
    assert client.get("/centers/southeast-regional-training-center/evaluations/sample?page=%EF%BC%92"
                      ).status_code == 200
