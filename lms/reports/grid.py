"""The cohort grid: learners × required modules, filtered, sorted and paged in SQL, in a constant number of
queries whatever the number of learners or modules."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from markupsafe import Markup
from sqlalchemy import Select, and_, distinct, func, select

from lms.auth.models import DISCIPLINES, User
from lms.centers.cohort_models import Assignment, CohortMember, Team, TeamMember
from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db
from lms.progress.models import ModuleCompletion
from lms.reports.assignments import (
    ModuleCell,
    assignment_modules,
    assignment_status,
    best_scores,
    first_completions,
    lessons_done,
    module_cell,
    module_due_dates,
)
from lms.reports.grid_requirements import (
    RequirementCell,
    RequirementColumn,
    requirement_cell,
    requirement_columns,
    requirement_progress,
)

SORTS = {"name": "Name", "team": "Team", "discipline": "Discipline", "agency": "Agency", "progress": "Progress"}
PAGE_SIZES = (50, 100, 200, 500, 1000)
NO_TEAM = -1


@dataclass(frozen=True)
class Column:
    """A required module, with its earliest due date in the cohort."""

    module_id: int
    slug: str
    title: str
    due_on: date | None


@dataclass(frozen=True)
class Row:
    """One learner and their cells, in column order."""

    user_id: int
    full_name: str
    email: str
    discipline: str
    agency: str
    team_id: int | None
    team_name: str
    cells: tuple[ModuleCell, ...]
    requirements: tuple[RequirementCell, ...] = ()  # in the grid's requirement_columns order

    @property
    def discipline_label(self) -> str:
        """Human name of the discipline."""
        return DISCIPLINES.get(self.discipline, self.discipline)

    @property
    def completed(self) -> int:
        """Required modules completed."""
        return sum(1 for c in self.cells if c.state == "completed")


@dataclass(frozen=True)
class GridQuery:
    """Filters, sort and page of a grid request (validated: unknown values fall back to the defaults)."""

    team_id: int | None = None
    discipline: str = ""
    agency: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1
    per_page: int | None = 100
    only_agency: str | None = None  # an agency coordinator sees only their agency's members

    @classmethod
    def from_args(cls, args, *, only_agency: str | None = None) -> GridQuery:
        """From the query string; anything unknown or malformed is ignored rather than an error."""
        team = args.get("team", type=int)
        if team is not None and not -(2**31) < team < 2**31:  # an id no row can have (and no database can bind)
            team = None
        per_page = args.get("per_page", type=int)
        return cls(team_id=team, discipline=args.get("discipline", "") if args.get("discipline") in DISCIPLINES
                   else "", agency=(args.get("agency") or "")[:160],
                   sort=args.get("sort") if args.get("sort") in SORTS else "name",
                   descending=args.get("order") == "desc", page=max(1, min(args.get("page", 1, type=int), 10**6)),
                   per_page=per_page if per_page in PAGE_SIZES else 100, only_agency=only_agency)


@dataclass(frozen=True)
class Grid:
    """A page of the grid, the total number of learners matching, and the choices for the filters."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: int
    query: GridQuery
    teams: tuple[tuple[int, str], ...] = ()
    agencies: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = field(default=())
    modules_of: dict = field(default_factory=dict)
    completions: dict = field(default_factory=dict)
    requirement_columns: tuple[RequirementColumn, ...] = ()  # field activities and sessions the programs require

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        if not self.query.per_page:
            return 1
        return max(1, -(-self.total // self.query.per_page))


def cohort_columns(cohort_id: int) -> tuple[list[Assignment], dict[int, list[int]], list[Column]]:
    """The cohort's assignments, the modules each requires, and the grid's columns in due-date then program order
    (at most 4 queries)."""
    assignments = list(db.session.scalars(select(Assignment).where(Assignment.cohort_id == cohort_id)
                                          .order_by(Assignment.due_on, Assignment.id)))
    modules_of = assignment_modules(assignments)
    due = module_due_dates(assignments, modules_of)
    if not due:
        return assignments, modules_of, []
    titles = {mid: (slug, title) for mid, slug, title in db.session.execute(
        select(Module.id, Module.slug, ModuleVersion.title).join(
            ModuleVersion, ModuleVersion.id == Module.current_version_id).where(Module.id.in_(list(due))))}
    columns = [Column(mid, *titles[mid], due_on) for mid, due_on in due.items() if mid in titles]
    return assignments, modules_of, columns


def _members(cohort_id: int, query: GridQuery) -> Select:
    statement = (select(User.id, User.full_name, User.email, User.discipline, User.agency, Team.id, Team.name)
                 .join(CohortMember, CohortMember.user_id == User.id)
                 .outerjoin(TeamMember, and_(TeamMember.cohort_id == CohortMember.cohort_id,
                                             TeamMember.user_id == User.id))
                 .outerjoin(Team, Team.id == TeamMember.team_id)
                 .where(CohortMember.cohort_id == cohort_id))
    if query.only_agency is not None:
        statement = statement.where(User.agency == query.only_agency)
    if query.team_id == NO_TEAM:
        statement = statement.where(TeamMember.id.is_(None))
    elif query.team_id:
        statement = statement.where(TeamMember.team_id == query.team_id)
    if query.discipline:
        statement = statement.where(User.discipline == query.discipline)
    if query.agency:
        statement = statement.where(User.agency == query.agency)
    return statement


def _ordered(statement: Select, query: GridQuery, module_ids: list[int]) -> Select:
    if query.sort == "progress":
        key = (select(func.count(distinct(ModuleCompletion.module_id)))
               .where(ModuleCompletion.user_id == User.id, ModuleCompletion.module_id.in_(module_ids or [0]))
               .scalar_subquery())
    else:
        key = {"name": User.full_name, "team": func.coalesce(Team.name, ""), "discipline": User.discipline,
               "agency": User.agency}[query.sort]
    key = key.desc() if query.descending else key.asc()
    return statement.order_by(key, User.full_name, User.id)


def cohort_grid(cohort_id: int, query: GridQuery, *, today: date) -> Grid:
    """One page of the cohort's grid (every learner when per_page is None), in at most 14 queries: with programs
    assigned, one more reads their requirements and two count field activities and sessions."""
    assignments, modules_of, columns = cohort_columns(cohort_id)
    module_ids = [c.module_id for c in columns]
    members = _members(cohort_id, query)
    total = db.session.scalar(select(func.count()).select_from(members.subquery()))
    ordered = _ordered(members, query, module_ids)
    if query.per_page:
        ordered = ordered.limit(query.per_page).offset((query.page - 1) * query.per_page)
    people = db.session.execute(ordered).all()
    ids = [p[0] for p in people] if query.per_page else members.with_only_columns(User.id)
    completions = first_completions(ids, module_ids) if people else {}
    lessons = lessons_done(ids, module_ids) if people else {}
    scores = best_scores(ids, module_ids) if people else {}
    needs = requirement_columns([a.program_id for a in assignments if a.program_id])
    progress = requirement_progress(ids, needs) if people and needs else {}
    rows = tuple(Row(uid, name, email, discipline, agency, team_id, team_name or "",
                     tuple(module_cell(user_id=uid, module_id=c.module_id, due_on=c.due_on, completions=completions,
                                       lessons=lessons, scores=scores, today=today) for c in columns),
                     tuple(requirement_cell(user_id=uid, discipline=discipline, column=n, progress=progress)
                           for n in needs))
                 for uid, name, email, discipline, agency, team_id, team_name in people)
    teams = tuple(db.session.execute(select(Team.id, Team.name).where(Team.cohort_id == cohort_id)
                                     .order_by(Team.name)).all())
    agency_filter = select(User.agency).distinct().join(CohortMember, CohortMember.user_id == User.id).where(
        CohortMember.cohort_id == cohort_id, User.agency != "")
    if query.only_agency is not None:
        agency_filter = agency_filter.where(User.agency == query.only_agency)
    agencies = tuple(sorted(db.session.scalars(agency_filter)))
    return Grid(tuple(columns), rows, total, query, teams, agencies, tuple(assignments), modules_of, completions,
                tuple(needs))


@dataclass(frozen=True)
class TeamCompletion:
    """Whether every member of a team completed one assignment, and when the last of them did."""

    assignment: Assignment
    members_done: int
    members: int
    completed_at: object

    @property
    def complete(self) -> bool:
        """True once every member completed the assignment."""
        return self.members > 0 and self.members_done == self.members


def team_completion(grid: Grid, *, today: date) -> list[TeamCompletion]:
    """Pure: for a grid of one team's members, each assignment's team completion."""
    result = []
    for assignment in grid.assignments:
        statuses = [assignment_status(user_id=row.user_id, module_ids=grid.modules_of.get(assignment.id, []),
                                      due_on=assignment.due_on, completions=grid.completions, today=today)
                    for row in grid.rows]
        done = [s.completed_at for s in statuses if s.completed_at is not None]
        result.append(TeamCompletion(assignment, len(done), len(statuses),
                                     max(done) if done and len(done) == len(statuses) else None))
    return result


GRID_CSV_HEADER = ["name", "email", "discipline", "agency", "team"]


def grid_csv_rows(grid: Grid, *, with_scores: bool = True):
    """The grid's rows as CSV cells: one status (and one best score) column per module."""
    for row in grid.rows:
        cells = []
        for cell in row.cells:
            cells.append(cell.label)
            if with_scores:
                cells.append("" if cell.best_score is None else f"{cell.best_score:.1f}")
        yield [row.full_name, row.email, row.discipline_label, row.agency, row.team_name, *cells,
               *(cell.label for cell in row.requirements)]


def grid_csv_header(grid: Grid, *, with_scores: bool = True) -> list[str]:
    """Header cells of the grid's CSV."""
    extra = []
    for column in grid.columns:
        extra.append(f"{column.title} (status)")
        if with_scores:
            extra.append(f"{column.title} (best score)")
    return GRID_CSV_HEADER + extra + [f"{n.title} (requirement)" for n in grid.requirement_columns]


def cell_html(cell: ModuleCell, scores: bool) -> Markup:
    """Pure: one grid cell's markup (built in Python: a grid of 1,000 learners has 7,000 of them)."""
    classes = f"cell-{cell.state}" + (" cell-overdue" if cell.overdue else "")
    if cell.state == "completed":
        body = f'<span class="badge badge-done">Completed</span> <time datetime="{cell.day}">{cell.day}</time>'
    elif cell.state == "in_progress":
        body = f"In progress {cell.percent}%"
    else:
        body = '<span class="meta">Not started</span>'
    if cell.overdue:
        body += ' <strong class="badge badge-overdue">Overdue</strong>'
    if scores and cell.best_score is not None:
        body += f'<br><span class="meta">Best score {cell.score_text}</span>'
    return Markup(f'<td class="{classes}">{body}</td>')


TEAMS_CSV_HEADER = ["team", "member", "discipline", "agency", "warnings", "team completion"]


def teams_csv_rows(grid: Grid, teams, *, today: date):
    """One line per team member (a team's warnings and completion repeated on each), from the whole cohort's grid
    and the cohort's teams (`team_service.teams_of`)."""
    by_team: dict[int, list[Row]] = {}
    for row in grid.rows:
        by_team.setdefault(row.team_id, []).append(row)
    for team in teams:
        members = by_team.get(team.id, [])
        done = team_completion(replace(grid, rows=tuple(members)), today=today)
        completion = "; ".join(f"due {t.assignment.due_on:%Y-%m-%d}: " + (
            f"complete {t.completed_at:%Y-%m-%d}" if t.complete else f"{t.members_done} of {t.members} done")
            for t in done)
        for row in members or [None]:
            yield [team.name, row.full_name if row else "", row.discipline_label if row else "",
                   row.agency if row else "", "; ".join(team.problems), completion]
