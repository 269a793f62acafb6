"""What looks like it identifies a family in free text (pure): these are training records, not case notes."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Words after which a capitalised word is very likely a child's (or a relative's) first name.
_RELATION = (r"child|children|son|sons|daughter|daughters|kid|kids|boy|girl|toddler|infant|baby|teen|teenager|"
             r"grandson|granddaughter|stepson|stepdaughter|brother|sister|sibling|niece|nephew|juvenile|minor|youth")
# Capitalised words that follow those relation words without being names.
_NOT_NAMES = {"The", "A", "An", "He", "She", "They", "It", "His", "Her", "Their", "Was", "Is", "Had", "Has", "And",
              "But", "Who", "When", "Then", "Protective", "Services", "Development", "Advocacy", "Center", "Welfare",
              "Abuse", "I", "We", "After", "Before", "During", "While", "Officer", "Sergeant", "Dr", "Mom", "Dad",
              "Mother", "Father", "CPS", "DSS", "DCF", "ACS", "CDCP", "CD", "CP", "Police", "Court"}
_CHILD_NAME = re.compile(rf"\b(?:{_RELATION})\b(?:'s)?[\s,:(]+(?:(?:named|called|aka)\s+)?([A-Z][a-z]{{1,20}})\b",
                         re.IGNORECASE)
_AGE_NAME = re.compile(r"\b\d{1,2}[- ](?:year|yr|month)s?[- ]old\s+([A-Z][a-z]{1,20})\b"
                       r"|\b([A-Z][a-z]{1,20}),?\s+(?:age|aged)\s+\d{1,2}\b"
                       r"|\b([A-Z][a-z]{1,20})\s+\((?:age\s+)?\d{1,2}\)")
_DOB = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|birth ?date|born(?: on| in)?\s+(?:\d|jan|feb|mar|apr|may|jun|jul|"
                  r"aug|sep|oct|nov|dec))", re.IGNORECASE)
_STREET = re.compile(r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|"
                     r"Boulevard|Dr|Drive|Ln|Lane|Ct|Court|Way|Pl|Place|Cir|Circle|Pkwy|Parkway|Hwy|Highway|Ter|"
                     r"Terrace|Trl|Trail)\b\.?"
                     r"|\b(?:apt|apartment|unit|suite|lot)\.?\s*#?\s*\d+[A-Za-z]?\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\d)(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}(?!\d)")
_CASE = re.compile(r"\b(?:case|docket|incident|report|file|complaint|referral|petition)\s*(?:no\.?|number|num|#)"
                   r"\s*[:#]?\s*[A-Z0-9][\w-]*"
                   r"|\b[A-Z]{1,4}-?\d{2,4}-\d{3,}\b|\b\d{3}-\d{2}-\d{4}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One thing that looks identifying: what kind, and the words that triggered it."""

    kind: str
    excerpt: str

    @property
    def message(self) -> str:
        """A sentence for the learner naming what looks identifying."""
        return f"{_LABELS[self.kind]}: “{self.excerpt}”"


_LABELS = {"child_name": "Looks like a child's name", "birth_date": "Looks like a date of birth",
           "address": "Looks like a street address", "phone": "Looks like a phone number",
           "case_number": "Looks like a case, docket or report number"}


def identifying_findings(text: str) -> list[Finding]:
    """Everything in `text` that looks like it identifies a child or family, in order of appearance."""
    found: list[tuple[int, Finding]] = []
    for match in _CHILD_NAME.finditer(text):
        name = match.group(1)
        if name[0].isupper() and name.capitalize() not in _NOT_NAMES and name not in _NOT_NAMES:
            found.append((match.start(), Finding("child_name", match.group(0).strip(" ,:("))))
    for match in _AGE_NAME.finditer(text):
        name = next(g for g in match.groups() if g)
        if name not in _NOT_NAMES:
            found.append((match.start(), Finding("child_name", match.group(0))))
    for kind, pattern in (("birth_date", _DOB), ("address", _STREET), ("phone", _PHONE), ("case_number", _CASE)):
        found.extend((m.start(), Finding(kind, m.group(0).strip())) for m in pattern.finditer(text))
    seen, ordered = set(), []
    for _, finding in sorted(found, key=lambda pair: pair[0]):
        if finding not in seen:
            seen.add(finding)
            ordered.append(finding)
    return ordered
