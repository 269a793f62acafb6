"""The cohort grid's requirement columns: one per field-activity kind and per session series the cohort's programs
require, with each learner's progress counted in SQL (three queries whatever the number of learners)."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import aliased

from lms.extensions import db
from lms.practicum.kinds import SIGNER_ROLES, kind_label
from lms.practicum.models import LiveSession, PracticumEntry, SessionRegistration, SignoffRequest
from lms.programs.models import Program, ProgramVersion


@dataclass(frozen=True)
class RequirementColumn:
    """An activity kind or a session series that a program assigned to the cohort requires."""

    kind: str  # "activity" | "session"
    name: str  # the activity kind or the series
    needed: int
    hours: float
    disciplines: tuple[str, ...]  # empty: everyone
    signers: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """Column heading."""
        return kind_label(self.name) if self.kind == "activity" else self.name


@dataclass(frozen=True)
class RequirementCell:
    """One learner's progress on one requirement (applies=False: not required of their discipline)."""

    applies: bool
    done: int = 0
    minutes: int = 0
    needed: int = 0
    hours: float = 0.0

    @property
    def met(self) -> bool:
        """Count reached, and hours when the rule asks for hours."""
        return self.applies and self.done >= self.needed and self.minutes >= self.hours * 60

    @property
    def label(self) -> str:
        """'1 of 2', '1 of 2 · 5.5 of 8 h', 'not required'."""
        if not self.applies:
            return "not required"
        text = f"{self.done} of {self.needed}"
        if self.hours:
            text += f" · {round(self.minutes / 60, 2):g} of {self.hours:g} h"
        return text


def requirement_columns(program_ids: list[int]) -> list[RequirementColumn]:
    """The requirements of these programs' current versions, one column per kind and per series (the largest
    count, hours and signers, and every discipline, when two programs name the same one); one query."""
    if not program_ids:
        return []
    specs = db.session.scalars(select(ProgramVersion.spec).join(
        Program, Program.current_version_id == ProgramVersion.id).where(Program.id.in_(program_ids))
        .order_by(Program.slug))
    found: dict[tuple[str, str], RequirementColumn] = {}
    for spec in specs:
        for kind, rule in (spec.get("activities") or {}).items():
            _merge(found, RequirementColumn("activity", kind, rule["count"], rule.get("hours") or 0.0,
                                            tuple(rule.get("for") or ()), tuple(rule.get("signers") or SIGNER_ROLES)))
        for rule in spec.get("sessions") or ():
            _merge(found, RequirementColumn("session", rule["series"], rule["attend"], 0.0, ()))
    return list(found.values())


def _merge(found: dict, column: RequirementColumn) -> None:
    key = (column.kind, column.name)
    old = found.get(key)
    if old is None:
        found[key] = column
        return
    everyone = not old.disciplines or not column.disciplines
    found[key] = RequirementColumn(
        column.kind, column.name, max(old.needed, column.needed), max(old.hours, column.hours),
        () if everyone else tuple(dict.fromkeys(old.disciplines + column.disciplines)),
        tuple(r for r in SIGNER_ROLES if r in old.signers or r in column.signers))


def _approved(role: str):
    return select(SignoffRequest.id).where(SignoffRequest.entry_id == PracticumEntry.id,
                                           SignoffRequest.role == role,
                                           SignoffRequest.decision == "approved").exists()


def requirement_progress(user_ids, columns: list[RequirementColumn]) -> dict[tuple[int, str, str], tuple[int, int]]:
    """(user id, kind, name) -> (count, minutes) of counted activities and attended sessions; `user_ids` is a list
    or a select of ids. Two grouped queries (none without columns)."""
    progress: dict[tuple[int, str, str], tuple[int, int]] = {}
    activities = [c for c in columns if c.kind == "activity"]
    if activities:
        newer = aliased(PracticumEntry)
        replaced = select(newer.id).where(newer.supersedes_id == PracticumEntry.id, newer.status == "signed")
        # an entry counts for a column when every signer the column names approved it
        rules = or_(false(), *(and_(PracticumEntry.kind == c.name, *(_approved(r) for r in c.signers))
                               for c in activities))
        rows = db.session.execute(
            select(PracticumEntry.user_id, PracticumEntry.kind, func.count(), func.sum(PracticumEntry.minutes))
            .where(PracticumEntry.user_id.in_(user_ids), PracticumEntry.status == "signed", ~replaced.exists(), rules)
            .group_by(PracticumEntry.user_id, PracticumEntry.kind))
        for user_id, kind, count, minutes in rows:
            progress[(user_id, "activity", kind)] = (count, int(minutes or 0))
    series = [c.name for c in columns if c.kind == "session"]
    if series:
        rows = db.session.execute(
            select(SessionRegistration.user_id, LiveSession.series, func.count(),
                   func.sum(SessionRegistration.credited_minutes))
            .join(LiveSession, LiveSession.id == SessionRegistration.session_id)
            .where(SessionRegistration.user_id.in_(user_ids), SessionRegistration.attended.is_(True),
                   LiveSession.series.in_(series))
            .group_by(SessionRegistration.user_id, LiveSession.series))
        for user_id, name, count, minutes in rows:
            progress[(user_id, "session", name)] = (count, int(minutes or 0))
    return progress


def requirement_cell(*, user_id: int, discipline: str, column: RequirementColumn, progress: dict) -> RequirementCell:
    """Pure: one learner's cell."""
    if column.disciplines and discipline not in column.disciplines:
        return RequirementCell(False)
    done, minutes = progress.get((user_id, column.kind, column.name), (0, 0))
    return RequirementCell(True, done, minutes, column.needed, column.hours)


def requirement_cell_html(cell: RequirementCell) -> Markup:
    """Pure: a requirement cell's markup."""
    if not cell.applies:
        return Markup('<td class="cell-na"><span class="meta">not required</span></td>')
    badge = '<span class="badge badge-done">Met</span> ' if cell.met else ""
    state = "completed" if cell.met else "in_progress" if cell.done else "not_started"
    return Markup(f'<td class="cell-{state}">{badge}{escape(cell.label)}</td>')
