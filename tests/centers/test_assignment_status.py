from datetime import date, datetime

from lms.reports.assignments import assignment_status

DUE = date(2026, 12, 15)


def test_complete_when_every_module_is_done_with_the_last_completion_time():
    completions = {(1, 10): datetime(2026, 12, 1), (1, 11): datetime(2026, 12, 3)}
    status = assignment_status(user_id=1, module_ids=[10, 11], due_on=DUE, completions=completions,
                               today=date(2026, 12, 20))
    assert (status.done, status.total, status.percent) == (2, 2, 100)
    assert status.completed_at == datetime(2026, 12, 3)
    assert not status.overdue


def test_overdue_only_after_the_due_date_and_only_when_unfinished():
    completions = {(1, 10): datetime(2026, 12, 1)}
    on_the_day = assignment_status(user_id=1, module_ids=[10, 11], due_on=DUE, completions=completions, today=DUE)
    after = assignment_status(user_id=1, module_ids=[10, 11], due_on=DUE, completions=completions,
                              today=date(2026, 12, 16))
    assert (on_the_day.overdue, after.overdue) == (False, True)
    assert after.percent == 50


def test_other_learners_completions_do_not_count():
    status = assignment_status(user_id=2, module_ids=[10], due_on=DUE, completions={(1, 10): datetime(2026, 12, 1)},
                               today=DUE)
    assert status.done == 0 and status.completed_at is None
