"""Writes and reads for a cohort's teams: form, rename, add and move members, delete; warnings from team_rules."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from lms.audit.service import record_event
from lms.auth.models import DISCIPLINES, User
from lms.centers.cohort_models import Cohort, CohortMember, Team, TeamMember
from lms.centers.cohort_service import CohortError
from lms.centers.selectors import unteamed_ids
from lms.centers.team_rules import MAX_SIZE, team_problems
from lms.extensions import db

NAME_MAX = 80


@dataclass(frozen=True)
class TeamMemberView:
    """A team member as the team pages list them."""

    user_id: int
    full_name: str
    discipline: str
    discipline_label: str
    agency: str


@dataclass(frozen=True)
class TeamView:
    """A team with its members and what keeps it from responding together."""

    id: int
    name: str
    members: tuple[TeamMemberView, ...]

    @property
    def problems(self) -> list[str]:
        """Warnings from the team rules (no officer, no clinician, too small or too large)."""
        return team_problems([m.discipline for m in self.members])


def teams_of(cohort_id: int, team_id: int | None = None) -> list[TeamView]:
    """The cohort's teams (or one) with their members, in one query."""
    statement = (select(Team.id, Team.name, User.id, User.full_name, User.discipline, User.agency)
                 .outerjoin(TeamMember, TeamMember.team_id == Team.id).outerjoin(User, User.id == TeamMember.user_id)
                 .where(Team.cohort_id == cohort_id).order_by(Team.name, Team.id, User.full_name))
    if team_id is not None:
        statement = statement.where(Team.id == team_id)
    teams: dict[int, tuple[str, list[TeamMemberView]]] = {}
    for tid, name, uid, full_name, discipline, agency in db.session.execute(statement):
        entry = teams.setdefault(tid, (name, []))
        if uid is not None:
            entry[1].append(TeamMemberView(uid, full_name, discipline, DISCIPLINES.get(discipline, discipline),
                                           agency))
    return [TeamView(tid, name, tuple(members)) for tid, (name, members) in teams.items()]


def _free(cohort_id: int, user_ids: list[int]) -> set[int]:
    """Those of `user_ids` who are learners of the cohort in no team of it."""
    if not user_ids:
        return set()
    return set(db.session.scalars(unteamed_ids(cohort_id).where(CohortMember.user_id.in_(user_ids))))


def _name(cohort_id: int, name: str, team_id: int | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise CohortError("Give the team a name.")
    if len(name) > NAME_MAX:
        raise CohortError(f"A team name has at most {NAME_MAX} characters.")
    clash = db.session.scalar(select(Team.id).where(Team.cohort_id == cohort_id,
                                                    func.lower(Team.name) == name.lower()))
    if clash is not None and clash != team_id:
        raise CohortError(f"This cohort already has a team named “{name}”.")
    return name


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise CohortError("Someone else changed these teams at the same time; try again.") from error


def create_team(cohort: Cohort, *, name: str, user_ids: list[int], actor_id: int | None) -> Team:
    """Form a team of the cohort's learners who are in no team yet, and commit."""
    name = _name(cohort.id, name, None)
    user_ids = list(dict.fromkeys(user_ids))
    if len(user_ids) > MAX_SIZE:
        raise CohortError(f"A team has at most {MAX_SIZE} people.")
    free = _free(cohort.id, user_ids)
    if any(uid not in free for uid in user_ids):
        raise CohortError("Choose learners of this cohort who are not in a team yet (move others from their team).")
    team = Team(cohort_id=cohort.id, name=name)
    db.session.add(team)
    db.session.flush()
    db.session.add_all(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=uid) for uid in user_ids)
    record_event(action="team.created", actor_id=actor_id, target_type="team", target_id=team.id,
                 center_id=cohort.center_id, detail={"cohort_id": cohort.id, "name": name, "user_ids": user_ids})
    _commit()
    return team


def rename_team(cohort: Cohort, team: Team, *, name: str, actor_id: int | None) -> None:
    """Rename a team, and commit."""
    team.name = _name(cohort.id, name, team.id)
    record_event(action="team.renamed", actor_id=actor_id, target_type="team", target_id=team.id,
                 center_id=cohort.center_id, detail={"name": team.name})
    _commit()


def add_member(cohort: Cohort, team: Team, *, user_id: int, actor_id: int | None) -> str:
    """Put a learner of the cohort who is in no team yet into one of its teams, and commit; returns their name."""
    if team.cohort_id != cohort.id:
        raise CohortError("Choose a team of this cohort.")
    row = db.session.execute(select(User.full_name, Team.name).select_from(CohortMember)
                             .join(User, User.id == CohortMember.user_id)
                             .outerjoin(TeamMember, (TeamMember.cohort_id == CohortMember.cohort_id)
                                        & (TeamMember.user_id == CohortMember.user_id))
                             .outerjoin(Team, Team.id == TeamMember.team_id)
                             .where(CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id)).first()
    if row is None:
        raise CohortError(f"Learner #{user_id} is not in the cohort “{cohort.name}”; add them to the cohort first.")
    full_name, current = row
    if current is not None:
        raise CohortError(f"{full_name} is already in the team “{current}”; move them from that team's page.")
    size = db.session.scalar(select(func.count(TeamMember.id)).where(TeamMember.team_id == team.id))
    if size >= MAX_SIZE:
        raise CohortError(f"“{team.name}” already has {MAX_SIZE} people.")
    db.session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=user_id))
    record_event(action="team.member_added", actor_id=actor_id, target_type="team", target_id=team.id,
                 center_id=cohort.center_id, detail={"cohort_id": cohort.id, "user_id": user_id})
    _commit()
    return full_name


def move_member(cohort: Cohort, *, user_id: int, team_id: int | None, actor_id: int | None) -> None:
    """Put a cohort learner in another team of the cohort (or in none), and commit."""
    if db.session.scalar(select(CohortMember.id).where(CohortMember.cohort_id == cohort.id,
                                                       CohortMember.user_id == user_id)) is None:
        raise CohortError("That person is not in this cohort.")
    place = db.session.scalar(select(TeamMember).where(TeamMember.cohort_id == cohort.id,
                                                       TeamMember.user_id == user_id))
    if team_id is not None:
        team = db.session.get(Team, team_id)
        if team is None or team.cohort_id != cohort.id:
            raise CohortError("Choose a team of this cohort.")
        size = db.session.scalar(select(func.count(TeamMember.id)).where(TeamMember.team_id == team_id,
                                                                         TeamMember.user_id != user_id))
        if size >= MAX_SIZE:
            raise CohortError(f"“{team.name}” already has {MAX_SIZE} people.")
    if place is None and team_id is not None:
        db.session.add(TeamMember(team_id=team_id, cohort_id=cohort.id, user_id=user_id))
    elif place is not None and team_id is None:
        db.session.delete(place)
    elif place is not None:
        place.team_id = team_id
    record_event(action="team.member_moved", actor_id=actor_id, target_type="cohort", target_id=cohort.id,
                 center_id=cohort.center_id, detail={"user_id": user_id, "team_id": team_id})
    _commit()


def delete_team(cohort: Cohort, team: Team, *, actor_id: int | None) -> None:
    """Dissolve a team (its members stay in the cohort, in no team), and commit."""
    db.session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
    db.session.delete(team)
    record_event(action="team.deleted", actor_id=actor_id, target_type="team", target_id=team.id,
                 center_id=cohort.center_id, detail={"name": team.name})
    _commit()
