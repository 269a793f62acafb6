"""Who signs an activity off: the programs' `signers` per kind, merged for the learner's discipline.

An entry asks every signer that any current program requiring its kind (for the learner's discipline) names, so one
signed entry serves every such program; a kind no program names keeps the default of both supervisors."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from lms.extensions import db
from lms.practicum.kinds import KINDS, SIGNER_ROLES, required_signers


def signers_needed(kind: str, discipline: str, activity_rules: Iterable[dict]) -> tuple[str, ...]:
    """The signer roles an entry of `kind` needs (pure): the union of the rules' `signers` for this kind and
    discipline, in the order police, clinical; the kind's default when no rule names it."""
    named: set[str] = set()
    for rules in activity_rules:
        rule = rules.get(kind)
        if rule and discipline in rule.get("for", [discipline]):
            named.update(rule.get("signers") or SIGNER_ROLES)
    if not named:
        return required_signers(kind)
    return tuple(role for role in SIGNER_ROLES if role in named)


def counts_for(rule: dict, signed_by: Iterable[str]) -> bool:
    """True when an entry signed by these roles satisfies the rule's signers (pure)."""
    return set(rule.get("signers") or SIGNER_ROLES) <= set(signed_by)


def current_activity_rules() -> list[dict]:
    """The `activities` of every published program's current version (one query)."""
    from lms.programs.models import Program, ProgramVersion

    specs = db.session.scalars(select(ProgramVersion.spec).join(
        Program, Program.current_version_id == ProgramVersion.id))
    return [spec.get("activities") or {} for spec in specs]


def signers_by_kind(discipline: str) -> dict[str, tuple[str, ...]]:
    """kind -> signer roles, for every default kind and every kind a current program names."""
    rules = current_activity_rules()
    kinds = list(KINDS) + [kind for r in rules for kind in r if kind not in KINDS]
    return {kind: signers_needed(kind, discipline, rules) for kind in dict.fromkeys(kinds)}
