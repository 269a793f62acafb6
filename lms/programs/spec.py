"""Reading certificate programs (programs/*.yaml) into validated ProgramSpecs. Pure: no Flask, no DB."""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lms.contentfiles import Checker, ContentError, ContentErrors, LineDict, LineList, load_yaml, read_content_file
from lms.disciplines import DISCIPLINES
from lms.programs.disclosures import parse_disclosures
from lms.programs.requirements import parse_activities, parse_sessions

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LAYOUTS = ("post", "ce")
_REQUIRED = {"title", "modules", "ce_hours", "layouts", "objectives", "accreditation"}
_OPTIONAL = {"summary", "validity_months", "activities", "sessions", "evaluation", "disclosures"}
EVALUATION = ("required", "optional")
_ACCREDITATION_KEYS = {"post": {"post_authority", "approved_objectives"},
                       "ce": {"category", "delivery_format", "course_level", "approval_statement"}}


@dataclass(frozen=True)
class ProgramSpec:
    """A program: required modules, CE hours, validity, layouts by discipline, objectives, accreditation text."""

    slug: str
    title: str
    summary: str
    modules: tuple[str, ...]
    ce_hours: float
    validity_months: int | None
    layouts: dict
    objectives: tuple[str, ...]
    accreditation: dict
    content_hash: str = ""
    path: str = ""
    # Field activities (kind -> count, hours, disciplines, signers) and live sessions (attend N of a series).
    activities: dict = field(default_factory=dict)
    sessions: tuple = ()
    # "required": the course evaluation must be in before the certificate is requested (lms/evaluations).
    evaluation: str = "optional"
    disclosures: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-able form stored with each program version."""
        data = asdict(self)
        data.pop("path")
        data["modules"], data["objectives"] = list(self.modules), list(self.objectives)
        data["sessions"] = list(self.sessions)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ProgramSpec:
        """Rebuild a stored spec."""
        return cls(**{**data, "modules": tuple(data["modules"]), "objectives": tuple(data["objectives"]),
                      "sessions": tuple(data.get("sessions", ()))})


def parse_program(text: str, path: str, *, slug: str, module_slugs: set[str]) -> ProgramSpec:
    """Validate one program file; raise ContentErrors listing every problem as `path:line: message`."""
    data = load_yaml(text, path)
    check = Checker(path)
    if not isinstance(data, LineDict):
        raise ContentErrors([ContentError(path, 1, "a program file must be a mapping of keys")])
    check.keys(data, required=_REQUIRED, optional=_OPTIONAL, where="program")
    title = check.text(data, "title", "program", max_len=200)
    modules = _modules(check, data, module_slugs)
    hours = check.number(data, "ce_hours", "program", low=0.5, high=200, whole=False)
    validity = data.get("validity_months")
    if validity not in (None, "none") and (isinstance(validity, bool) or not isinstance(validity, int)
                                           or not 1 <= validity <= 240):
        check.error(data.line_of("validity_months"), "program: 'validity_months' must be 1 to 240, or none")
    layouts = _layouts(check, data)
    objectives = data.get("objectives")
    if not isinstance(objectives, LineList) or not objectives or not all(isinstance(o, str) for o in objectives):
        check.error(data.line_of("objectives"), "program: 'objectives' must be a non-empty list of text")
        objectives = []
    accreditation = _accreditation(check, data)
    activities, sessions = parse_activities(check, data), parse_sessions(check, data)
    evaluation = data.get("evaluation", "optional")
    if evaluation not in EVALUATION:
        check.error(data.line_of("evaluation"), "program: 'evaluation' must be 'required' or 'optional'")
    disclosures = parse_disclosures(check, data)
    if check.errors:
        raise ContentErrors(check.errors)
    return ProgramSpec(slug=slug, title=title, summary=(data.get("summary") or "").strip(), modules=modules,
                       ce_hours=float(hours), validity_months=None if validity in (None, "none") else validity,
                       layouts=layouts, objectives=tuple(o.strip() for o in objectives),
                       accreditation=accreditation, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                       path=path, activities=activities, sessions=tuple(sessions), evaluation=evaluation,
                       disclosures=disclosures)


def _modules(check: Checker, data: LineDict, known: set[str]) -> tuple[str, ...]:
    raw = data.get("modules")
    if raw is None:
        return ()
    if not isinstance(raw, LineList) or not raw:
        check.error(data.line_of("modules"), "program: 'modules' must be a non-empty list of module slugs")
        return ()
    for index, slug in enumerate(raw):
        if slug not in known:
            check.error(raw.line_of(index), f"program: no module with the slug '{slug}' in the curriculum")
    if len(set(raw)) != len(raw):
        check.error(data.line_of("modules"), "program: a module is listed twice")
    return tuple(raw)


def _layouts(check: Checker, data: LineDict) -> dict:
    raw = data.get("layouts")
    if raw is None or check.mapping(raw, data.line_of("layouts"), "program: 'layouts'") is None:
        return {}
    check.keys(raw, required=set(DISCIPLINES), optional=set(), where="layouts")
    for key, value in raw.items():
        if value not in LAYOUTS:
            check.error(raw.line_of(key), f"layouts: '{key}' must be 'post' or 'ce'")
    return dict(raw)


def _accreditation(check: Checker, data: LineDict) -> dict:
    raw = data.get("accreditation")
    if raw is None or check.mapping(raw, data.line_of("accreditation"), "program: 'accreditation'") is None:
        return {}
    check.keys(raw, required=set(), optional=set(LAYOUTS), where="accreditation")
    result = {}
    for layout in LAYOUTS:
        block = raw.get(layout) or LineDict()
        if not isinstance(block, LineDict):
            check.error(raw.line_of(layout), f"accreditation: '{layout}' must be a mapping")
            continue
        if block:
            check.keys(block, required=set(), optional=_ACCREDITATION_KEYS[layout], where=f"accreditation.{layout}")
        result[layout] = {k: (list(v) if isinstance(v, list) else str(v).strip()) for k, v in block.items()}
    return result


def load_programs(programs_dir: Path, *, module_slugs: set[str]) -> list[ProgramSpec]:
    """Every programs/*.yaml file, validated; all problems of all files at once."""
    programs_dir = Path(programs_dir)
    if not programs_dir.is_dir():
        return []
    errors: list[ContentError] = []
    specs = []
    for path in sorted(programs_dir.glob("*.yaml")):
        shown = f"{programs_dir.name}/{path.name}"
        if not SLUG.match(path.stem):
            errors.append(ContentError(shown, 1, "program file names must be lowercase words joined by hyphens"))
            continue
        try:
            specs.append(parse_program(read_content_file(path, shown), shown, slug=path.stem,
                                       module_slugs=module_slugs))
        except ContentErrors as exc:
            errors.extend(exc.errors)
        except UnicodeDecodeError as exc:
            errors.append(ContentError(shown, 1, f"not UTF-8 text ({exc.reason})"))
    if errors:
        raise ContentErrors(errors)
    return specs
