"""Checks of a program against its modules (pure), for `flask lms content check`: CE hours the modules' minutes
support, disclosures still to be completed, modules claiming CE with no category."""
from __future__ import annotations

import math
from dataclasses import dataclass

from lms.programs.disclosures import placeholders
from lms.programs.spec import ProgramSpec


def supported_hours(minutes: int) -> float:
    """The CE hours `minutes` of instruction support: 60-minute hours, rounded down to the half hour."""
    return math.floor(minutes / 30) / 2


@dataclass(frozen=True)
class ProgramReport:
    """What `content check` prints for one program."""

    spec: ProgramSpec
    minutes: int
    by_category: dict
    problems: tuple[str, ...]
    warnings: tuple[str, ...]

    def line(self) -> str:
        """The summary line."""
        split = ", ".join(f"{name} {minutes} min" for name, minutes in sorted(self.by_category.items()))
        return (f"{'ok  ' if not self.problems else 'FAIL'} program {self.spec.slug}: {self.spec.ce_hours:g} CE h, "
                f"modules {self.minutes} min ({split}), evaluation {self.spec.evaluation}")


def check_program(spec: ProgramSpec, modules: dict) -> ProgramReport:
    """`modules`: slug -> ModuleSpec of the modules being checked."""
    mine = [modules[slug] for slug in spec.modules if slug in modules]
    minutes = sum(m.estimated_minutes for m in mine)
    by_category: dict[str, int] = {}
    for module in mine:
        name = module.ce_category or "no category"
        by_category[name] = by_category.get(name, 0) + module.estimated_minutes
    problems, warnings = [], []
    if spec.ce_hours > supported_hours(minutes):
        problems.append(f"{spec.path}:1: ce_hours is {spec.ce_hours:g}, but its modules' estimated minutes add "
                        f"up to {minutes} (at most {supported_hours(minutes):g} hours)")
    for field in placeholders(spec.disclosures):
        warnings.append(f"{spec.path}:1: disclosures.{field} is still to be completed by the issuing center")
    for module in mine:
        if module.ce_hours and not module.ce_category:
            warnings.append(f"{module.path}:1: claims CE hours but has no ce_category (clinical or general)")
    if "ce" in spec.layouts.values() and not spec.disclosures:
        warnings.append(f"{spec.path}:1: issues CE certificates but has no disclosures")
    return ProgramReport(spec, minutes, by_category, tuple(problems), tuple(warnings))
