"""The dashboard's requirement progress: each current program with field-activity or session requirements."""
from __future__ import annotations

from lms.certificates.issuing.eligibility import completed_slugs
from lms.practicum.progress import Requirement, practicum_requirements
from lms.practicum.selectors import practicum_facts
from lms.programs.selectors import current_specs


def program_requirements(user) -> list[tuple[str, list[Requirement]]]:
    """(program title, requirements with progress) for the programs that require more than modules."""
    programs = [spec for spec in current_specs(user_id=user.id) if spec.activities or spec.sessions]  # one query
    if not programs:
        return []
    done = completed_slugs([user.id])[user.id]
    entries, series = practicum_facts(user.id)
    result = []
    for spec in programs:
        modules = Requirement("Modules", len(set(spec.modules) & done), len(spec.modules), "completed")
        result.append((spec.title, [modules, *practicum_requirements(
            activities=spec.activities, sessions=spec.sessions, discipline=user.discipline, entries=entries,
            attended_series=series)]))
    return result
