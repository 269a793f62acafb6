"""A center program's field work, live sessions and CE disclosures as its admin types them in the program form: the
program file's own YAML keys (`activities`, `sessions`, `disclosures`), read by the same validators as a file
(lms/programs/requirements.py, disclosures.py), with each problem at its line. Pure: no Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from lms.contentfiles import Checker, ContentError, ContentErrors, LineDict, load_yaml
from lms.programs.disclosures import parse_disclosures
from lms.programs.requirements import parse_activities, parse_sessions

KEYS = ("activities", "sessions", "disclosures")
WHERE = "line"


@dataclass(frozen=True)
class Requirements:
    """What a program asks beyond its modules (all empty: modules only)."""

    activities: dict = field(default_factory=dict)
    sessions: tuple = ()
    disclosures: dict = field(default_factory=dict)


def parse_requirements(text: str) -> Requirements:
    """The typed YAML, validated as a program file's keys are; raises ContentErrors (each `line:N: message`)."""
    if not text.strip():
        return Requirements()
    data = load_yaml(text, WHERE)
    if data is None:
        return Requirements()
    if not isinstance(data, LineDict):
        raise ContentErrors([ContentError(WHERE, 1, "give the keys activities, sessions or disclosures, each at the "
                                                    "start of a line and followed by a colon")])
    check = Checker(WHERE)
    check.keys(data, required=set(), optional=set(KEYS), where="program")
    found = Requirements(parse_activities(check, data), tuple(parse_sessions(check, data)),
                         parse_disclosures(check, data))
    if check.errors:
        raise ContentErrors(check.errors)
    return found


def problems(error: ContentErrors) -> list[str]:
    """Each problem as 'Line N: message', in line order."""
    return [f"Line {e.line}: {e.message}" for e in error.errors]


def requirements_text(activities: dict, sessions, disclosures: dict) -> str:
    """The YAML the form shows for a program's requirements; it reads back to the same values."""
    data = {key: value for key, value in (("activities", activities), ("sessions", list(sessions)),
                                          ("disclosures", disclosures)) if value}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100) if data else ""
