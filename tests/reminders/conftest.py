"""Fixtures for reminders: a cohort with learners and assignments, a fixed clock (`smtp` is in tests/conftest.py)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.centers.cohort_models import Assignment, Cohort, CohortMember
from lms.centers.service import set_role
from lms.curriculum.models import Lesson, Module
from lms.programs.models import Program
from lms.progress.service import mark_lesson_done

NOW = datetime(2026, 10, 5, 7, 7)  # a Monday morning, UTC
TODAY = NOW.date()


class CohortBuilder:
    """Makes cohorts, members and assignments through the models (the cohort services live on another branch)."""

    def __init__(self, db, center, make_user):
        self.db, self.center, self.make_user = db, center, make_user

    def cohort(self, name: str = "Fall 2026 cross-training", center=None) -> Cohort:
        cohort = Cohort(center_id=(center or self.center).id, name=name, starts_on=date(2026, 9, 1))
        self.db.session.add(cohort)
        self.db.session.commit()
        return cohort

    def learners(self, cohort: Cohort, count: int, **fields) -> list:
        people = [self.make_user("learner", center_obj=cohort.center, **fields) for _ in range(count)]
        for person in people:
            self.db.session.add(CohortMember(cohort_id=cohort.id, user_id=person.id))
        self.db.session.commit()
        return people

    def assign(self, cohort: Cohort, *, due_on: date, module_slug: str | None = None) -> Assignment:
        if module_slug:
            module_id = self.db.session.scalar(select(Module.id).where(Module.slug == module_slug))
            assignment = Assignment(cohort_id=cohort.id, module_id=module_id, due_on=due_on)
        else:
            assignment = Assignment(cohort_id=cohort.id, program_id=self.db.session.scalar(select(Program.id)),
                                    due_on=due_on)
        self.db.session.add(assignment)
        self.db.session.commit()
        return assignment

    def complete_module(self, user, slug: str = "sample-module") -> None:
        module = self.db.session.scalar(select(Module).where(Module.slug == slug))
        for lesson in self.db.session.scalars(select(Lesson).where(Lesson.version_id == module.current_version_id)):
            mark_lesson_done(user_id=user.id, lesson=lesson)

    def role(self, user, role: str, center=None) -> None:
        set_role(user_id=user.id, center_id=(center or self.center).id, role=role)


@pytest.fixture
def build(app, db, center, make_user, content):
    """A CohortBuilder on the sample content."""
    return CohortBuilder(db, center, make_user)


def in_days(n: int) -> date:
    """The date n days after the test clock's today."""
    return TODAY + timedelta(days=n)
