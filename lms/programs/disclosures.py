"""The disclosures a CE reviewer asks of a program (pure): who wrote and reviewed it, conflicts of interest,
commercial support, how the hours were set, the review date, accessibility and grievance policies.

    disclosures:
      authors:   [{name: Jane Roe, credentials: "LCSW"}]
      reviewers: [{name: John Doe, credentials: "PhD, licensed psychologist"}]
      conflict_of_interest: No author or reviewer has a relevant financial relationship ...
      commercial_support: None.
      hours_basis: Words read at 200 words a minute plus quiz time ...
      review_date: 2026-12-01
      accessibility: ...
      grievance: ...
"""
from __future__ import annotations

from datetime import date

from lms.contentfiles import Checker, LineDict, LineList

STATEMENTS = ("conflict_of_interest", "commercial_support", "hours_basis", "accessibility", "grievance")
PEOPLE = ("authors", "reviewers")
ON_CERTIFICATE = ("conflict_of_interest", "commercial_support")  # printed on the CE certificate: kept short
SHORT = 300
# Text a program file may hold while a center still has to fill it in; `content check` warns about it.
PLACEHOLDER = "[to be completed"


def parse_disclosures(check: Checker, data: LineDict) -> dict:
    """{authors, reviewers: [{name, credentials}], statements..., review_date: 'YYYY-MM-DD'}; {} when absent."""
    raw = data.get("disclosures")
    if raw is None or check.mapping(raw, data.line_of("disclosures"), "program: 'disclosures'") is None:
        return {}
    check.keys(raw, required={*PEOPLE, *STATEMENTS, "review_date"}, optional=set(), where="disclosures")
    result: dict = {key: _people(check, raw, key) for key in PEOPLE}
    for key in STATEMENTS:
        result[key] = check.text(raw, key, "disclosures", max_len=SHORT if key in ON_CERTIFICATE else 2000) or ""
    result["review_date"] = _review_date(check, raw)
    return result


def _people(check: Checker, raw: LineDict, key: str) -> list[dict]:
    people = raw.get(key)
    if people is None:
        return []
    if not isinstance(people, LineList) or not people:
        check.error(raw.line_of(key), f"disclosures: '{key}' must be a list of {{name, credentials}}")
        return []
    result = []
    for index, person in enumerate(people):
        where = f"disclosures.{key}[{index + 1}]"
        if check.mapping(person, people.line_of(index), where) is None:
            continue
        check.keys(person, required={"name", "credentials"}, optional=set(), where=where)
        name, credentials = check.text(person, "name", where, max_len=120), check.text(
            person, "credentials", where, max_len=200)
        if name and credentials:
            result.append({"name": name, "credentials": credentials})
    return result


def _review_date(check: Checker, raw: LineDict) -> str:
    value = raw.get("review_date")
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        check.error(raw.line_of("review_date"), "disclosures: 'review_date' must be a date such as 2026-12-01")
        return ""


def placeholders(disclosures: dict) -> list[str]:
    """The disclosure fields that still hold the to-be-completed marker."""
    found = [key for key in STATEMENTS if PLACEHOLDER in disclosures.get(key, "").lower()]
    found += [f"{key}[{i + 1}]" for key in PEOPLE for i, person in enumerate(disclosures.get(key, ()))
              if PLACEHOLDER in (person["name"] + person["credentials"]).lower()]
    return found


def certificate_line(disclosures: dict, program_url: str) -> str:
    """The one disclosure paragraph a CE certificate prints ("" when the program has none)."""
    if not disclosures:
        return ""
    return (f"Conflict of interest: {disclosures['conflict_of_interest']} Commercial support: "
            f"{disclosures['commercial_support']} Content reviewed {disclosures['review_date']}. Authors, reviewers, "
            f"how the hours were set, accessibility and grievance policy: {program_url}")
