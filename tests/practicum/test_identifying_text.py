"""The identifying-text check flags what could name a family and leaves ordinary training prose alone."""
import pytest

from lms.practicum.identifying import identifying_findings


def kinds(text):
    return [f.kind for f in identifying_findings(text)]


@pytest.mark.parametrize("text", [
    "Spoke with the mother about her son Tyler and what he saw.",
    "The child, Maya, hid under the bed.",
    "His daughter named Ava was present.",
    "the kid (Liam) kept asking for his dog",
    "A 7-year-old Jayden answered the door.",
    "Sophia, age 6, was calm.",
    "Noah (8) drew a picture.",
])
def test_child_names_after_relation_words_or_with_an_age_are_flagged(text):
    assert "child_name" in kinds(text)


@pytest.mark.parametrize("text,kind", [
    ("DOB 3/14/2017", "birth_date"),
    ("date of birth given to the officer", "birth_date"),
    ("born on 4 May 2016", "birth_date"),
    ("We went to 1412 Oak Hill Drive after the call.", "address"),
    ("they live in Apt 4B", "address"),
    ("call her at (704) 555-0142", "phone"),
    ("call her at 704.555.0142", "phone"),
    ("case no. 2026-CV-0042 was opened", "case_number"),
    ("docket # JD-118 is pending", "case_number"),
    ("incident number 26-004512", "case_number"),
])
def test_dates_of_birth_addresses_phones_and_case_numbers_are_flagged(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize("text", [
    "Rode with Sergeant Ortiz for a 10-hour shift; two calls involved children.",
    "The child was frightened; I practised the first-contact script with the officer.",
    "A 7-year-old witness talked to me after the officer knelt to her eye level.",
    "Debrief at the North division with the CPS worker. The son was calm once his mother arrived.",
    "We spent 3 hours on the case conference and discussed the safety plan.",
])
def test_ordinary_training_prose_is_not_flagged(text):
    assert identifying_findings(text) == []


def test_each_finding_names_what_looks_identifying_and_the_words():
    findings = identifying_findings("Her son Tyler, DOB 3/14/2017, phone 704-555-0142.")
    messages = [f.message for f in findings]
    assert messages[0] == "Looks like a child's name: “son Tyler”"
    assert any("date of birth" in m for m in messages) and any("phone number" in m for m in messages)
