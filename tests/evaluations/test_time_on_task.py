"""Time on task: beacons add capped page-visible seconds to one row per learner, page and day, shown in the
learner's module page and the center's learner record."""
from datetime import date

import pytest
from sqlalchemy import select

from lms.curriculum.models import Module
from lms.evaluations import time_on_task
from lms.evaluations.models import TimeOnTask

pytestmark = pytest.mark.pg


def _lesson_url(db, lesson="first-lesson") -> str:
    version_id = db.session.scalar(select(Module.current_version_id).where(Module.slug == "sample-module"))
    return f"/time/lessons/{version_id}/{lesson}"


def test_beacons_add_up_in_one_row_per_page_and_day(client, signed_in_learner, db):
    url = _lesson_url(db)
    for seconds in ("30", "30", "12"):
        assert client.post(url, data={"seconds": seconds}).status_code == 204
    rows = db.session.scalars(select(TimeOnTask)).all()
    assert [(r.kind, r.seconds, r.user_id) for r in rows] == [("lesson", 72, signed_in_learner.id)]


def test_a_beacon_counts_at_most_one_minute_and_a_day_at_most_four_hours(app, db, signed_in_learner):
    module_id = db.session.scalar(select(Module.id).where(Module.slug == "sample-module"))
    day = date(2026, 12, 1)
    args = {"user_id": signed_in_learner.id, "kind": "lesson", "page_id": 1, "module_id": module_id, "day": day}
    assert time_on_task.record_time(**args, seconds=3600) == time_on_task.MAX_BEACON_SECONDS
    for _ in range(time_on_task.MAX_DAY_SECONDS // time_on_task.MAX_BEACON_SECONDS + 5):
        time_on_task.record_time(**args, seconds=60)
    assert db.session.scalar(select(TimeOnTask.seconds)) == time_on_task.MAX_DAY_SECONDS
    time_on_task.record_time(**{**args, "day": date(2026, 12, 2)}, seconds=60)
    assert sorted(db.session.scalars(select(TimeOnTask.seconds))) == [60, time_on_task.MAX_DAY_SECONDS]


@pytest.mark.parametrize("seconds", ["", "-5", "abc", "1e9", "9999999", "²", "3.5"])
def test_a_bad_beacon_gets_400_and_stores_nothing(client, signed_in_learner, db, seconds):
    assert client.post(_lesson_url(db), data={"seconds": seconds}).status_code == 400
    assert db.session.scalars(select(TimeOnTask)).all() == []


def test_beacons_for_pages_that_do_not_exist_get_404(client, signed_in_learner, db):
    assert client.post(_lesson_url(db, "no-such-lesson"), data={"seconds": "5"}).status_code == 404
    assert client.post("/time/quizzes/999999", data={"seconds": "5"}).status_code == 404
    assert client.post("/time/lessons/99999999999999999999/x", data={"seconds": "5"}).status_code == 404


def test_quiz_time_is_recorded_against_its_module(client, signed_in_learner, db):
    from lms.quizzes.selectors import quiz_for

    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    quiz = quiz_for(module.current_version_id)
    assert client.post(f"/time/quizzes/{quiz.id}", data={"seconds": "45"}).status_code == 204
    assert [(t.title, t.quiz_seconds) for t in time_on_task.time_by_module(signed_in_learner.id)] == [
        (module.current_version.title, 45)]


def test_the_lesson_and_quiz_pages_load_the_script_without_inline_code(client, signed_in_learner, db):
    page = client.get("/modules/sample-module/lessons/first-lesson").get_data(as_text=True)
    assert f'data-time-url="{_lesson_url(db)}"' in page and "time-on-task" in page
    assert "<script>" not in page


def test_the_learner_and_the_center_see_the_time(client, login, make_user, db, center, content):
    learner = make_user()
    login(learner)
    for _ in range(3):
        client.post(_lesson_url(db), data={"seconds": "60"})
    assert "your recorded time so far: 3 min" in client.get("/modules/sample-module").get_data(as_text=True)
    client.post("/signout")
    login(make_user("center_admin"))
    page = client.get(f"/centers/{center.slug}/learners/{learner.id}").get_data(as_text=True)
    assert "<h2>Time on task</h2>" in page and "<td>3 min</td><td>0 min</td><td>3 min</td>" in page
    csv = client.get(f"/centers/{center.slug}/learners/{learner.id}.csv").get_data(as_text=True)
    assert "time on task" in csv and "lessons 3 min, quiz 0 min" in csv
