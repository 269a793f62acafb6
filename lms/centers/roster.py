"""Roster import, second half: apply a confirmed plan atomically (see roster_plan for the preview).

Rows are matched by email, so importing the same file twice changes nothing the second time."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from lms.audit.service import record_event
from lms.auth.models import User
from lms.centers.cohort_models import CohortMember, Team, TeamMember
from lms.centers.invitations import invitation_rows, revoke_pending
from lms.centers.models import Center, Invitation, Membership
from lms.centers.roster_file import RosterFile
from lms.centers.roster_plan import PROFILE_FIELDS, RosterChanged, RosterPlan, RosterState, plan_roster
from lms.extensions import db
from lms.mail_tasks import queue_mail_batch

__all__ = ["ImportResult", "RosterChanged", "apply_roster", "count_members", "plan_roster", "roster_template"]

@dataclass(frozen=True)
class ImportResult:
    """What the import wrote."""

    created: int
    changed: int
    unchanged: int
    invited: int


def apply_roster(center: Center, roster: RosterFile, *, actor: User, digest: str, filename: str) -> ImportResult:
    """Re-plan, refuse if anything is wrong or differs from the confirmed preview, then write everything and
    commit once (invitations are emailed after the commit)."""
    plan = plan_roster(center, roster, actor=actor)
    if plan.problems or plan.digest != digest:
        raise RosterChanged("The center changed since the preview. Check the new preview and confirm again.")
    try:
        _write(center, plan, plan.state, actor)
        record_event(action="roster.imported", actor_id=actor.id, target_type="center", target_id=center.id,
                     center_id=center.id, detail={"file": filename[:200], "created": plan.count("create"),
                                                  "changed": plan.count("change"),
                                                  "unchanged": plan.count("unchanged"),
                                                  "invited": plan.invitations})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RosterChanged("Someone changed these people at the same time. Upload the file again.") from None
    except Exception:
        db.session.rollback()
        raise
    return ImportResult(plan.count("create"), plan.count("change"), plan.count("unchanged"), plan.invitations)


def _write(center: Center, plan: RosterPlan, state: RosterState, actor: User) -> None:
    """Bulk inserts for the new rows (a 5,000-row file is a handful of statements), attribute sets for changes."""
    created = [rp.row for rp in plan.rows if rp.row.email not in state.users]
    if created:
        new_ids = dict((email, uid) for uid, email in db.session.execute(
            insert(User).returning(User.id, User.email, sort_by_parameter_order=True),
            [{"email": r.email, "full_name": r.full_name, "discipline": r.discipline, "agency": r.agency,
              "badge_number": r.badge_number, "license_type": r.license_type, "license_number": r.license_number,
              "license_state": r.license_state, "password_hash": ""} for r in created]))
    else:
        new_ids = {}
    teams = {key: team.id for key, team in state.teams.items()}
    if plan.new_teams:
        for team_id, cohort_id, name in db.session.execute(
                insert(Team).returning(Team.id, Team.cohort_id, Team.name, sort_by_parameter_order=True),
                [{"cohort_id": state.cohorts[c.lower()].id, "name": t} for c, t in plan.new_teams]):
            teams[(cohort_id, name.lower())] = team_id
    memberships, cohort_members, team_members, invite, moves = [], [], [], [], []
    role_of = {}
    for rp in plan.rows:
        row = rp.row
        user = state.users.get(row.email)
        user_id = user.id if user is not None else new_ids[row.email]
        if user is not None:
            for name in PROFILE_FIELDS:
                if getattr(row, name) and getattr(row, name) != getattr(user, name):
                    setattr(user, name, getattr(row, name))
        membership = state.memberships.get(user_id) if user is not None else None
        role_of[user_id] = row.role or (membership.role if membership is not None else "learner")
        if membership is None:
            memberships.append({"user_id": user_id, "center_id": center.id, "role": row.role or "learner"})
        elif membership.removed_at is not None or row.role:
            membership.removed_at, membership.role = None, role_of[user_id]
        cohort = state.cohorts.get(row.cohort.lower()) if row.cohort else None
        if cohort is not None:
            if (cohort.id, user_id) not in state.cohort_members:
                cohort_members.append({"cohort_id": cohort.id, "user_id": user_id})
            if row.team:
                team_id = teams[(cohort.id, row.team.lower())]
                current = state.team_of.get((cohort.id, user_id))
                if current is None:
                    team_members.append({"team_id": team_id, "cohort_id": cohort.id, "user_id": user_id})
                elif current != team_id:
                    moves.append((cohort.id, user_id, team_id))
        if rp.invite:
            invite.append((user_id, row.email, row.full_name if user is None else (row.full_name or user.full_name)))
    for model, rows in ((Membership, memberships), (CohortMember, cohort_members), (TeamMember, team_members)):
        if rows:
            db.session.execute(insert(model), rows)
    for cohort_id, user_id, team_id in moves:
        db.session.execute(update(TeamMember).where(TeamMember.cohort_id == cohort_id, TeamMember.user_id == user_id)
                           .values(team_id=team_id))
    if invite:
        fresh = set(new_ids.values())
        revoke_pending([uid for uid, _, _ in invite if uid not in fresh], center.id)
        rows, messages = invitation_rows(invite, center=center, role_of=role_of, actor_id=actor.id,
                                         inviter_name=actor.full_name)
        db.session.execute(insert(Invitation), rows)
        queue_mail_batch(messages)


def roster_template() -> str:
    """An example roster file: the header and two rows."""
    return ("email,full_name,discipline,agency,badge_number,license_type,license_number,license_state,"
            "cohort,team,role\n"
            "jordan.ellis@example.org,Jordan Ellis,officer,Charlotte-Mecklenburg Police,4471,,,,,,learner\n"
            "priya.raman@example.org,Dr. Priya Raman,clinician,Mecklenburg County Public Health,,LCSW,C012345,NC,,,"
            "learner\n")


def count_members(center_id: int) -> int:
    """Current members of a center (for tests and the bench)."""
    return db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.center_id == center_id, Membership.removed_at.is_(None))) or 0
