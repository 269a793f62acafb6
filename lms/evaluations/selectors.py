"""Reads of the evaluations area: whether a learner may evaluate a program, and the results for a center."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import case, func, select

from lms.curriculum.models import Module
from lms.evaluations.models import CourseEvaluation, ObjectiveRating
from lms.extensions import db
from lms.paging import Page, paginate
from lms.progress.models import ModuleCompletion

COMMENTS_PER_PAGE = 25


def has_evaluated(user_id: int, program_version_id: int) -> bool:
    """Whether the learner has evaluated this program version."""
    return db.session.scalar(select(CourseEvaluation.id).where(
        CourseEvaluation.user_id == user_id, CourseEvaluation.program_version_id == program_version_id)) is not None


def modules_left(user_id: int, module_slugs) -> list[str]:
    """The program's module slugs the learner has not completed (one query)."""
    done = set(db.session.scalars(select(Module.slug).join(ModuleCompletion, ModuleCompletion.module_id == Module.id)
                                  .where(ModuleCompletion.user_id == user_id, Module.slug.in_(list(module_slugs)))))
    return [slug for slug in module_slugs if slug not in done]


@dataclass(frozen=True)
class Summary:
    """A program's evaluations at a center: counts and averages (computed in SQL)."""

    count: int
    relevance: float | None
    biased: int  # answers saying the content was not free of bias
    commercial: int  # answers saying it was not free of commercial promotion
    objectives: tuple[tuple[int, float, int], ...]  # (position, average, answers)


def _scope(program_id: int, center_id: int):
    return (CourseEvaluation.program_id == program_id, CourseEvaluation.center_id == center_id)


def summary(program_id: int, center_id: int) -> Summary:
    """Counts and averages of the program's evaluations at the center (two queries)."""
    count, relevance, biased, commercial = db.session.execute(select(
        func.count(CourseEvaluation.id), func.avg(CourseEvaluation.relevance),
        func.coalesce(func.sum(case((CourseEvaluation.free_of_bias.is_(False), 1), else_=0)), 0),
        func.coalesce(func.sum(case((CourseEvaluation.free_of_commercial_content.is_(False), 1), else_=0)), 0))
        .where(*_scope(program_id, center_id))).one()
    objectives = db.session.execute(
        select(ObjectiveRating.position, func.avg(ObjectiveRating.rating), func.count())
        .join(CourseEvaluation, CourseEvaluation.id == ObjectiveRating.evaluation_id)
        .where(*_scope(program_id, center_id)).group_by(ObjectiveRating.position).order_by(ObjectiveRating.position))
    return Summary(count, float(relevance) if relevance is not None else None, int(biased), int(commercial),
                   tuple((p, float(avg), n) for p, avg, n in objectives))


def comments(program_id: int, center_id: int, *, page: int) -> Page:
    """Non-empty comments, newest first, one page at a time (rows: submitted_at, comments)."""
    return paginate(select(CourseEvaluation.submitted_at, CourseEvaluation.comments)
                    .where(*_scope(program_id, center_id), CourseEvaluation.comments != "")
                    .order_by(CourseEvaluation.submitted_at.desc(), CourseEvaluation.id.desc()),
                    page=page, per_page=COMMENTS_PER_PAGE)


CSV_HEADER_START = ["submitted (UTC)", "program version", "relevance (1-5)", "free of bias",
                    "free of commercial content"]


def csv_rows(program_id: int, center_id: int, objective_count: int):
    """One anonymous line per evaluation (no names: learners answer more freely), one streamed query."""
    e = CourseEvaluation
    statement = (select(e.id, e.submitted_at, e.program_version_id, e.relevance, e.free_of_bias,
                        e.free_of_commercial_content, e.comments, ObjectiveRating.position, ObjectiveRating.rating)
                 .outerjoin(ObjectiveRating, ObjectiveRating.evaluation_id == e.id)
                 .where(*_scope(program_id, center_id))
                 .order_by(e.id, ObjectiveRating.position).execution_options(yield_per=500))
    for _, rows in groupby(db.session.execute(statement), key=lambda row: row[0]):
        rows = list(rows)
        first = rows[0]
        ratings = {row.position: row.rating for row in rows}
        yield [f"{first.submitted_at:%Y-%m-%d %H:%M}", first.program_version_id, first.relevance,
               "yes" if first.free_of_bias else "no", "yes" if first.free_of_commercial_content else "no",
               *[ratings.get(i, "") for i in range(1, objective_count + 1)], first.comments]


def pending_evaluations(user_id: int) -> list[tuple[str, str, bool]]:
    """(slug, title, required) of current programs whose modules the learner completed but has not evaluated."""
    from lms.programs.selectors import current_versions
    from lms.programs.spec import ProgramSpec

    programs = [(version, ProgramSpec.from_dict(version.spec)) for version, _ in current_versions(user_id=user_id)]
    if not programs:
        return []
    done = set(db.session.scalars(select(Module.slug).join(ModuleCompletion, ModuleCompletion.module_id == Module.id)
                                  .where(ModuleCompletion.user_id == user_id)))
    evaluated = set(db.session.scalars(select(CourseEvaluation.program_version_id).where(
        CourseEvaluation.user_id == user_id)))
    return [(spec.slug, spec.title, spec.evaluation == "required") for version, spec in programs
            if set(spec.modules) <= done and version.id not in evaluated]
