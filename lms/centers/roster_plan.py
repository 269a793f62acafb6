"""Roster import, first half: plan what a file would create and change at a center (the preview).

Rows are matched by email, so importing the same file twice changes nothing the second time. The plan is
computed with a fixed number of queries (chunked by email), whatever the file's size."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from lms.auth.models import DISCIPLINES, User
from lms.centers.cohort_models import Cohort, CohortMember, Team, TeamMember
from lms.centers.models import ROLES, Center, Invitation, Membership
from lms.centers.roster_file import RosterFile, RosterRow, RowProblem
from lms.centers.team_rules import team_problems
from lms.extensions import db
from lms.timeutil import utcnow

PROFILE_FIELDS = ("full_name", "discipline", "agency", "badge_number", "license_type", "license_number",
                  "license_state")
_CHUNK = 500


class RosterChanged(RuntimeError):
    """The center changed between the preview and the confirmation (or a concurrent import won)."""


@dataclass
class RowPlan:
    """What importing one row does: create, change or leave alone, with the changes in words."""

    row: RosterRow
    action: str
    changes: list[str] = field(default_factory=list)
    invite: bool = False


@dataclass
class RosterPlan:
    """The whole file's effect, the problems that block it, and a digest to confirm exactly this plan."""

    rows: list[RowPlan]
    problems: list[RowProblem]
    new_teams: list[tuple[str, str]]
    state: RosterState | None = field(default=None, repr=False)

    def count(self, action: str) -> int:
        """How many rows have this action."""
        return sum(1 for r in self.rows if r.action == action)

    @property
    def invitations(self) -> int:
        """How many invitation emails the import sends."""
        return sum(1 for r in self.rows if r.invite)

    @property
    def digest(self) -> str:
        """A fingerprint of the plan: the confirmation must match what the preview showed."""
        text = "\n".join(f"{r.row.line}|{r.action}|{'|'.join(r.changes)}|{r.invite}" for r in self.rows)
        return hashlib.sha256(text.encode()).hexdigest()


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class RosterState:
    """What the center holds now for the emails, cohorts and teams the file names (loaded in chunks)."""

    users: dict[str, User]
    memberships: dict[int, Membership]
    cohorts: dict[str, Cohort]
    teams: dict[tuple[int, str], Team]
    cohort_members: set[tuple[int, int]]
    team_of: dict[tuple[int, int], int]       # (cohort id, user id) -> team id
    team_members: dict[int, list[int]]        # team id -> user ids
    invited: set[int]                          # users with a pending invitation to this center
    disciplines: dict[int, str]


def _load(center: Center, rows: list[RosterRow]) -> RosterState:
    emails = [r.email for r in rows]
    users = {}
    for chunk in _chunks(emails):
        users.update({u.email: u for u in db.session.scalars(select(User).where(User.email.in_(chunk)))})
    ids = [u.id for u in users.values()]
    memberships = {}
    invited = set()
    for chunk in _chunks(ids):
        memberships.update({m.user_id: m for m in db.session.scalars(select(Membership).where(
            Membership.center_id == center.id, Membership.user_id.in_(chunk)))})
        invited.update(db.session.scalars(select(Invitation.user_id).where(
            Invitation.center_id == center.id, Invitation.user_id.in_(chunk), Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow())))
    cohorts = {c.name.lower(): c for c in db.session.scalars(select(Cohort).where(
        Cohort.center_id == center.id, Cohort.archived_at.is_(None)))}
    named = {r.cohort.lower() for r in rows if r.cohort} & cohorts.keys()
    cohort_ids = [cohorts[n].id for n in named]
    teams, team_of, team_members, cohort_members, disciplines = {}, {}, defaultdict(list), set(), {}
    if cohort_ids:
        teams = {(t.cohort_id, t.name.lower()): t for t in db.session.scalars(select(Team).where(
            Team.cohort_id.in_(cohort_ids)))}
        for team_id, cohort_id, user_id, discipline in db.session.execute(
                select(TeamMember.team_id, TeamMember.cohort_id, TeamMember.user_id, User.discipline)
                .join(User, User.id == TeamMember.user_id).where(TeamMember.cohort_id.in_(cohort_ids))):
            team_of[(cohort_id, user_id)] = team_id
            team_members[team_id].append(user_id)
            disciplines[user_id] = discipline
        for chunk in _chunks(ids):
            cohort_members.update((c, u) for c, u in db.session.execute(select(
                CohortMember.cohort_id, CohortMember.user_id).where(
                CohortMember.cohort_id.in_(cohort_ids), CohortMember.user_id.in_(chunk))))
    return RosterState(users, memberships, cohorts, teams, cohort_members, team_of, team_members, invited, disciplines)


def plan_roster(center: Center, roster: RosterFile, *, actor: User) -> RosterPlan:
    """Compare the file with the center: what each row creates or changes, and every problem, line by line."""
    problems = list(roster.problems)
    first_line: dict[str, int] = {}
    rows = []
    for row in roster.rows:
        if row.email in first_line:
            problems.append(RowProblem(row.line, f"email: {row.email} is already on line {first_line[row.email]}"))
        else:
            first_line[row.email] = row.line
            rows.append(row)
    state = _load(center, rows)
    plans = [_plan_row(row, state, center, actor, problems) for row in rows]
    new_teams = _check_teams(plans, state, problems)
    problems.sort(key=lambda p: p.line)
    return RosterPlan(plans, problems, new_teams, state)


def _plan_row(row: RosterRow, state: RosterState, center: Center, actor: User, problems: list) -> RowPlan:
    user = state.users.get(row.email)
    changes = []
    if row.cohort and row.cohort.lower() not in state.cohorts:
        problems.append(RowProblem(row.line, f"cohort: unknown cohort '{row.cohort}' at this center "
                                             "(create it first)"))
    if user is None:
        if not row.discipline:
            problems.append(RowProblem(row.line, "discipline: required for a new person"))
        role = row.role or "learner"
        changes.append(f"new account, {ROLES[role]}")
    else:
        if not user.is_active:
            problems.append(RowProblem(row.line, "the account is deactivated; a site admin can reactivate it"))
        for name in PROFILE_FIELDS:
            new = getattr(row, name)
            if new and new != getattr(user, name):
                old = DISCIPLINES.get(user.discipline, "") if name == "discipline" else getattr(user, name)
                label = DISCIPLINES[new] if name == "discipline" else new
                changes.append(f"{name.replace('_', ' ')}: '{old}' → '{label}'")
        membership = state.memberships.get(user.id)
        if membership is None or membership.removed_at is not None:
            changes.append(f"joins the center as {ROLES[row.role or 'learner']}")
        elif row.role and row.role != membership.role:
            if user.id == actor.id and not actor.is_site_admin:
                problems.append(RowProblem(row.line, "role: you cannot change your own role"))
            changes.append(f"role: {ROLES[membership.role]} → {ROLES[row.role]}")
    cohort = state.cohorts.get(row.cohort.lower()) if row.cohort else None
    if cohort is not None:
        if user is None or (cohort.id, user.id) not in state.cohort_members:
            changes.append(f"joins cohort '{cohort.name}'")
        if row.team:
            current = state.team_of.get((cohort.id, user.id)) if user else None
            target = state.teams.get((cohort.id, row.team.lower()))
            if current is None:
                changes.append(f"joins team '{row.team}'")
            elif target is None or current != target.id:
                changes.append(f"moves to team '{row.team}'")
    invite = (user is None or not user.has_password) and (user is None or user.id not in state.invited) \
        and not center.is_archived
    if invite and user is not None:
        changes.append("invitation sent again (the last one expired)")
    action = "create" if user is None else ("change" if changes else "unchanged")
    return RowPlan(row, action, changes, invite)


def _check_teams(plans: list[RowPlan], state: RosterState, problems: list) -> list[tuple[str, str]]:
    """Each team the file names must, once imported, have 2-4 people with an officer and a clinician."""
    named: dict[tuple[int, str], list[RowPlan]] = defaultdict(list)
    for plan in plans:
        cohort = state.cohorts.get(plan.row.cohort.lower()) if plan.row.cohort else None
        if cohort is not None and plan.row.team:
            named[(cohort.id, plan.row.team.lower())].append(plan)
    moving = {(c, state.users[p.row.email].id) for (c, _), ps in named.items() for p in ps
              if p.row.email in state.users}
    new_teams = []
    for (cohort_id, team_key), members in named.items():
        team = state.teams.get((cohort_id, team_key))
        cohort_name = next(c.name for c in state.cohorts.values() if c.id == cohort_id)
        disciplines = [state.disciplines[uid] for uid in (state.team_members.get(team.id, []) if team else [])
                       if (cohort_id, uid) not in moving]
        for plan in members:
            user = state.users.get(plan.row.email)
            disciplines.append(plan.row.discipline or (user.discipline if user else ""))
        if team is None:
            new_teams.append((cohort_name, members[0].row.team))
        lines = ", ".join(str(p.row.line) for p in members)
        for reason in team_problems(disciplines):
            problems.append(RowProblem(members[0].row.line, f"team '{members[0].row.team}' in cohort "
                                                            f"'{cohort_name}' (lines {lines}): {reason}"))
    return new_teams
