"""Writes for cohorts: create and change them, their trainers and learners, and assignments with due dates.

Every function checks first and writes all or nothing; a problem raises CohortError with a message for the page."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from lms.audit.service import record_event
from lms.auth.models import User
from lms.centers.cohort_models import Assignment, Cohort, CohortMember, CohortTrainer, TeamMember
from lms.centers.models import Membership
from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.programs.selectors import visible_to_center
from lms.timeutil import utcnow

NAME_MAX = 120
STAFF_ROLES = ("trainer", "center_admin")


class CohortError(ValueError):
    """A cohort change that cannot be made, with the reason to show."""


def _commit(message: str) -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise CohortError(message) from error


def _checked(center_id: int, name: str, starts_on: date | None, ends_on: date | None, cohort_id: int | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise CohortError("Give the cohort a name.")
    if len(name) > NAME_MAX:
        raise CohortError(f"A cohort name has at most {NAME_MAX} characters.")
    if starts_on and ends_on and ends_on < starts_on:
        raise CohortError("The end date is before the start date.")
    clash = db.session.scalar(select(Cohort.id).where(Cohort.center_id == center_id,
                                                      func.lower(Cohort.name) == name.lower()))
    if clash is not None and clash != cohort_id:
        raise CohortError(f"This center already has a cohort named “{name}”.")
    return name


def create_cohort(*, center_id: int, name: str, starts_on: date | None, ends_on: date | None,
                  actor_id: int | None) -> Cohort:
    """Create a cohort at a center and commit."""
    name = _checked(center_id, name, starts_on, ends_on, None)
    cohort = Cohort(center_id=center_id, name=name, starts_on=starts_on, ends_on=ends_on)
    db.session.add(cohort)
    db.session.flush()
    record_event(action="cohort.created", actor_id=actor_id, target_type="cohort", target_id=cohort.id,
                 center_id=center_id, detail={"name": name})
    _commit(f"This center already has a cohort named “{name}”.")
    return cohort


def update_cohort(cohort: Cohort, *, name: str, starts_on: date | None, ends_on: date | None,
                  actor_id: int | None) -> None:
    """Rename a cohort or change its dates, and commit."""
    cohort.name = _checked(cohort.center_id, name, starts_on, ends_on, cohort.id)
    cohort.starts_on, cohort.ends_on = starts_on, ends_on
    record_event(action="cohort.updated", actor_id=actor_id, target_type="cohort", target_id=cohort.id,
                 center_id=cohort.center_id, detail={"name": cohort.name})
    _commit(f"This center already has a cohort named “{cohort.name}”.")


def _members_by_email(center_id: int, emails: list[str]) -> dict[str, int]:
    rows = db.session.execute(select(func.lower(User.email), User.id).join(Membership, Membership.user_id == User.id)
                              .where(Membership.center_id == center_id, Membership.removed_at.is_(None),
                                     func.lower(User.email).in_(emails)))
    return dict(rows.all())


def parse_emails(text: str) -> list[str]:
    """Distinct, lower-cased addresses from text separated by commas, semicolons, spaces or new lines."""
    seen: dict[str, None] = {}
    for part in re.split(r"[\s,;]+", text or ""):
        if part:
            seen.setdefault(part.lower(), None)
    return list(seen)


def add_learners(cohort: Cohort, *, emails: list[str], actor_id: int | None) -> int:
    """Add the center's members with these emails to the cohort (all or none); the number newly added."""
    if not emails:
        raise CohortError("Enter at least one email address of a member of this center.")
    found = _members_by_email(cohort.center_id, emails)
    unknown = [e for e in emails if e not in found]
    if unknown:
        raise CohortError("Not members of this center (invite them first): " + ", ".join(unknown[:20])
                          + (f" and {len(unknown) - 20} more" if len(unknown) > 20 else ""))
    present = set(db.session.scalars(select(CohortMember.user_id).where(
        CohortMember.cohort_id == cohort.id, CohortMember.user_id.in_(list(found.values())))))
    new = [uid for uid in found.values() if uid not in present]
    db.session.add_all(CohortMember(cohort_id=cohort.id, user_id=uid) for uid in new)
    if new:
        record_event(action="cohort.learners_added", actor_id=actor_id, target_type="cohort", target_id=cohort.id,
                     center_id=cohort.center_id, detail={"user_ids": new})
    _commit("Someone else changed this cohort at the same time; try again.")
    return len(new)


def remove_learner(cohort: Cohort, *, user_id: int, actor_id: int | None) -> None:
    """Take a learner out of the cohort and its team (their learning records stay), and commit."""
    _remove(cohort, CohortMember, CohortMember.user_id == user_id, missing="That person is not in this cohort.",
            action="cohort.learner_removed", detail={"user_id": user_id}, actor_id=actor_id,
            also=delete(TeamMember).where(TeamMember.cohort_id == cohort.id, TeamMember.user_id == user_id))


def trainer_choices(center_id: int) -> list[tuple[int, str]]:
    """(user id, label) of the center's trainers and center admins, by name."""
    rows = db.session.execute(select(User.id, User.full_name, User.email).join(
        Membership, Membership.user_id == User.id).where(
        Membership.center_id == center_id, Membership.removed_at.is_(None), Membership.role.in_(STAFF_ROLES),
        User.deactivated_at.is_(None)).order_by(User.full_name))
    return [(uid, f"{name} ({email})") for uid, name, email in rows]


def add_trainer(cohort: Cohort, *, user_id: int, actor_id: int | None) -> None:
    """Make one of the center's trainers (or center admins) a trainer of the cohort, and commit."""
    if user_id not in {uid for uid, _ in trainer_choices(cohort.center_id)}:
        raise CohortError("Choose a trainer or center admin of this center.")
    exists = db.session.scalar(select(CohortTrainer.id).where(CohortTrainer.cohort_id == cohort.id,
                                                              CohortTrainer.user_id == user_id))
    if exists is None:
        db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=user_id))
        record_event(action="cohort.trainer_added", actor_id=actor_id, target_type="cohort", target_id=cohort.id,
                     center_id=cohort.center_id, detail={"user_id": user_id})
    _commit("That person already trains this cohort.")


def _remove(cohort: Cohort, model, clause, *, missing: str, action: str, detail: dict, actor_id: int | None,
            also=None) -> None:
    """Delete the cohort's `model` rows matching `clause` (and the `also` statement), audit, commit; CohortError
    with `missing` when there was none."""
    gone = db.session.execute(delete(model).where(model.cohort_id == cohort.id, clause)).rowcount
    if not gone:
        raise CohortError(missing)
    if also is not None:
        db.session.execute(also)
    record_event(action=action, actor_id=actor_id, target_type="cohort", target_id=cohort.id,
                 center_id=cohort.center_id, detail=detail)
    _commit("Someone else changed this cohort at the same time; try again.")


def remove_trainer(cohort: Cohort, *, user_id: int, actor_id: int | None) -> None:
    """Stop a person training the cohort, and commit."""
    _remove(cohort, CohortTrainer, CohortTrainer.user_id == user_id, missing="That person does not train this cohort.",
            action="cohort.trainer_removed", detail={"user_id": user_id}, actor_id=actor_id)


def target_choices(center_id: int) -> list[tuple[str, str]]:
    """("program:<id>" or "module:<id>", label) of every published program and module this center may assign:
    the shared ones and its own."""
    programs = db.session.execute(select(Program.id, ProgramVersion.title).join(
        ProgramVersion, ProgramVersion.id == Program.current_version_id).where(visible_to_center(center_id))
        .order_by(ProgramVersion.title)).all()
    modules = db.session.execute(select(Module.id, ModuleVersion.title).join(
        ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(or_(Module.owner_center_id.is_(None), Module.owner_center_id == center_id))
        .order_by(Module.position, Module.slug)).all()
    return ([(f"program:{pid}", f"Program: {title}") for pid, title in programs]
            + [(f"module:{mid}", f"Module: {title}") for mid, title in modules])


def assign(cohort: Cohort, *, target: str, due_on: date | None, actor_id: int | None) -> Assignment:
    """Assign a program or one module to the cohort with a due date (a second assignment of the same target
    changes its due date), and commit."""
    if target not in {value for value, _ in target_choices(cohort.center_id)}:
        raise CohortError("Choose a published program or module.")
    if due_on is None:
        raise CohortError("Give a due date.")
    kind, _, raw_id = target.partition(":")
    column = Assignment.program_id if kind == "program" else Assignment.module_id
    assignment = db.session.scalar(select(Assignment).where(Assignment.cohort_id == cohort.id,
                                                            column == int(raw_id)))
    if assignment is None:
        assignment = Assignment(cohort_id=cohort.id, created_by_id=actor_id, due_on=due_on,
                                **{"program_id" if kind == "program" else "module_id": int(raw_id)})
        db.session.add(assignment)
    assignment.due_on = due_on
    db.session.flush()
    record_event(action="cohort.assigned", actor_id=actor_id, target_type="cohort", target_id=cohort.id,
                 center_id=cohort.center_id, detail={"target": target, "due_on": due_on.isoformat()})
    _commit("Someone else changed this cohort at the same time; try again.")
    return assignment


def unassign(cohort: Cohort, *, assignment_id: int, actor_id: int | None) -> None:
    """Remove an assignment from the cohort (learning already done stays), and commit."""
    _remove(cohort, Assignment, Assignment.id == assignment_id, missing="That assignment is not part of this cohort.",
            action="cohort.unassigned", detail={"assignment_id": assignment_id}, actor_id=actor_id)


def set_archived(cohort: Cohort, *, archived: bool, actor_id: int | None) -> None:
    """Archive a cohort (it leaves learners' dashboards and the overview; its records stay) or bring it back."""
    cohort.archived_at = utcnow() if archived else None
    record_event(action="cohort.archived" if archived else "cohort.restored", actor_id=actor_id,
                 target_type="cohort", target_id=cohort.id, center_id=cohort.center_id)
    _commit("Someone else changed this cohort at the same time; try again.")
