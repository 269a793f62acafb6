"""Progress on a program's activity and session requirements (pure): what counts, for whom, how far along."""
from __future__ import annotations

from dataclasses import dataclass

from lms.practicum.kinds import kind_label
from lms.practicum.signer_rules import counts_for


@dataclass(frozen=True)
class Requirement:
    """One requirement with the learner's progress on it."""

    label: str
    done: float
    needed: float
    unit: str

    @property
    def met(self) -> bool:
        """True once done reaches needed."""
        return self.done >= self.needed


def practicum_requirements(*, activities: dict, sessions: tuple, discipline: str,
                           entries: list[tuple], attended_series: list[str]) -> list[Requirement]:
    """Requirements that apply to this discipline; `entries` are counted (kind, minutes, roles that signed),
    `attended_series` one series name per attended session. An entry counts for a rule only when every signer the
    rule names signed it."""
    result = []
    for kind, rule in activities.items():
        if discipline not in rule.get("for", [discipline]):
            continue
        mine = [minutes for entry_kind, minutes, signed_by in entries
                if entry_kind == kind and counts_for(rule, signed_by)]
        result.append(Requirement(kind_label(kind), len(mine), rule["count"], "signed"))
        if rule.get("hours"):
            result.append(Requirement(f"{kind_label(kind)} hours", round(sum(mine) / 60, 2), rule["hours"], "h"))
    for rule in sessions:
        result.append(Requirement(rule["series"], attended_series.count(rule["series"]), rule["attend"],
                                  "sessions"))
    return result


def all_met(requirements: list[Requirement]) -> bool:
    """True when every requirement is met (and trivially when there is none)."""
    return all(r.met for r in requirements)
