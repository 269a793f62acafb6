"""What makes a team able to respond together. Pure: no Flask, no database."""
from __future__ import annotations

MIN_SIZE, MAX_SIZE = 2, 4


def team_problems(disciplines: list[str]) -> list[str]:
    """Why a team of people with these disciplines cannot respond together (empty when it can)."""
    problems = []
    if len(disciplines) < MIN_SIZE:
        problems.append(f"a team needs at least {MIN_SIZE} people")
    if len(disciplines) > MAX_SIZE:
        problems.append(f"a team has at most {MAX_SIZE} people")
    if "officer" not in disciplines:
        problems.append("the team has no officer")
    if "clinician" not in disciplines:
        problems.append("the team has no clinician")
    return problems
