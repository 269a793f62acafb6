"""Field-activity and live-session requirements of a program file (pure): validated with `file:line` messages.

    activities:
      ride_along: {count: 2, hours: 8, for: [clinician], signers: [police, clinical]}
      case_conference: {count: 2, for: [officer]}
    sessions:
      - {series: CD-CP seminar, attend: 3}
"""
from __future__ import annotations

import re

from lms.contentfiles import Checker, LineDict, LineList
from lms.disciplines import DISCIPLINES

KIND = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
SIGNERS = ("police", "clinical")


def parse_activities(check: Checker, data: LineDict) -> dict:
    """kind -> {count, hours, for, signers}; a center may add kinds, so any snake_case name is a kind."""
    raw = data.get("activities")
    if raw is None or check.mapping(raw, data.line_of("activities"), "program: 'activities'") is None:
        return {}
    result = {}
    for kind, rule in raw.items():
        where = f"activities.{kind}"
        if not isinstance(kind, str) or not KIND.match(kind):
            check.error(raw.line_of(kind), f"activities: '{kind}' must be a snake_case kind such as ride_along")
            continue
        if check.mapping(rule, raw.line_of(kind), where) is None:
            continue
        check.keys(rule, required={"count"}, optional={"hours", "for", "signers"}, where=where)
        count = check.number(rule, "count", where, low=1, high=100)
        hours = check.number(rule, "hours", where, low=0.25, high=1000, whole=False)
        result[kind] = {"count": count or 1, "hours": float(hours) if hours else 0.0,
                        "for": _names(check, rule, "for", where, set(DISCIPLINES), list(DISCIPLINES)),
                        "signers": _names(check, rule, "signers", where, set(SIGNERS), list(SIGNERS))}
    return result


def _names(check: Checker, rule: LineDict, key: str, where: str, allowed: set[str], default: list[str]) -> list:
    value = rule.get(key)
    if value is None:
        return default
    if not isinstance(value, LineList) or not value or any(v not in allowed for v in value):
        check.error(rule.line_of(key), f"{where}: '{key}' must be a list of: {', '.join(sorted(allowed))}")
        return default
    return list(value)


def parse_sessions(check: Checker, data: LineDict) -> list[dict]:
    """[{series, attend}]: attend N sessions of a named series."""
    raw = data.get("sessions")
    if raw is None:
        return []
    if not isinstance(raw, LineList) or not raw:
        check.error(data.line_of("sessions"), "program: 'sessions' must be a list of {series, attend}")
        return []
    result = []
    for index, rule in enumerate(raw):
        where = f"sessions[{index + 1}]"
        if check.mapping(rule, raw.line_of(index), where) is None:
            continue
        check.keys(rule, required={"series", "attend"}, optional=set(), where=where)
        series = check.text(rule, "series", where, max_len=120)
        attend = check.number(rule, "attend", where, low=1, high=100)
        if series and attend:
            result.append({"series": series, "attend": attend})
    return result
