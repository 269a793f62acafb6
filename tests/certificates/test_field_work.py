"""A certificate lists the field work it rests on (activities with signers, sessions); old snapshots still render."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from lms.certificates.documents.drawn_stamp import DrawnPages
from lms.certificates.documents.render import DENSITIES, Renderer
from lms.certificates.documents.snapshot import CertificateSnapshot, SnapshotError
from tests.certificates.conftest import pdf_text
from tests.support.certificate_samples import sample_snapshot

ACTIVITIES = [
    {"kind": "Ride-along", "date": "2026-11-12", "hours": "5.5",
     "signers": [{"name": "Sgt. Dana Brooks", "role": "Police supervisor"},
                 {"name": "Dr. Lee Chen", "role": "Clinical supervisor"}]},
    {"kind": "Ride-along", "date": "2026-11-19", "hours": "4",
     "signers": [{"name": "Sgt. Dana Brooks", "role": "Police supervisor"}]},
]
SESSIONS = [{"title": f"Seminar {n}: practice", "date": f"2026-10-{n + 10}", "hours": "2"} for n in (1, 2, 3)]


def squash(text: str) -> str:
    return "".join(text.split())


def right_half(pdf: bytes) -> str:
    """Text of the right column (the field work is listed there), so the left column does not interleave."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[0].crop((396, 0, 792, 612)).extract_text()


@pytest.mark.parametrize("layout", ["post", "ce"])
def test_the_pdf_lists_each_activity_with_its_signers_and_each_session(renderer, layout):
    snapshot = sample_snapshot(layout, activities=ACTIVITIES, sessions=SESSIONS)
    text = squash(right_half(renderer.render(snapshot)))
    assert "FIELDWORKSIGNEDOFF·9.5H" in text.upper()  # the headings are set in capitals
    for needed in ("Ride-along · Nov 12, 2026 · 5.5 h · signed by Sgt. Dana Brooks (Police supervisor), "
                   "Dr. Lee Chen (Clinical supervisor)", "Ride-along · Nov 19, 2026 · 4 h",
                   "Seminar 1: practice · Oct 11, 2026 · 2 h", "Seminar 3: practice · Oct 13, 2026 · 2 h"):
        assert squash(needed) in text, needed
    assert "SESSIONSATTENDED·6H" in text.upper()


def test_the_archival_pdf_lists_the_field_work_too(renderer):
    text = squash(right_half(renderer.render_archival(sample_snapshot("ce", activities=ACTIVITIES))))
    assert squash("Dr. Lee Chen (Clinical supervisor)") in text


def test_a_snapshot_from_before_the_practicum_loads_and_renders_without_field_work(renderer):
    old = sample_snapshot("post").to_dict()
    del old["activities"], old["sessions"]
    snapshot = CertificateSnapshot.from_dict(old)
    assert snapshot.activities == () and snapshot.sessions == ()
    text = pdf_text(renderer.render(snapshot)).upper()
    assert "FIELD WORK" not in text and "SESSIONS ATTENDED" not in text


def test_field_work_round_trips_through_json():
    snapshot = sample_snapshot("ce", activities=ACTIVITIES, sessions=SESSIONS)
    again = CertificateSnapshot.from_json(snapshot.to_json())
    assert again == snapshot and again.to_dict()["activities"] == ACTIVITIES


@pytest.mark.parametrize("activities, message", [
    ([{"kind": "Ride-along", "date": "2026-11-12", "hours": "5"}], "activities[0]: expected the keys"),
    ([dict(ACTIVITIES[0], date="yesterday")], "activities[0].date: not an ISO date"),
    ([dict(ACTIVITIES[0], hours="-1")], "activities[0].hours: must be between"),
    ([dict(ACTIVITIES[0], signers=[{"name": "X"}])], "activities[0].signers[0]: expected the keys name, role"),
    ([ACTIVITIES[0]] * 13, "activities: more than 12 entries"),
])
def test_malformed_field_work_is_refused_naming_the_field(activities, message):
    with pytest.raises(SnapshotError, match=message.replace("[", r"\[").replace("]", r"\]")):
        sample_snapshot("post", activities=activities)


@pytest.mark.parametrize("layout", ["post", "ce"])
def test_more_field_work_than_the_page_holds_is_summarised_per_kind_on_one_page(renderer, layout):
    activities = [dict(ACTIVITIES[0], date=f"2026-11-{day:02d}") for day in range(1, 11)] + [
        dict(ACTIVITIES[1], kind="Case conference", date="2026-12-01")] * 2
    sessions = [dict(SESSIONS[0], date=f"2026-10-{day:02d}") for day in range(1, 13)]
    snapshot = sample_snapshot(layout, activities=activities, sessions=sessions)
    assert snapshot.field_work_compact
    pdf = renderer.render(snapshot)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
    text = squash(right_half(pdf))
    assert squash("Ride-along: 10 signed, 55 h, Nov 1 – Nov 10, 2026; signed by Sgt. Dana Brooks, Dr. Lee Chen") in text
    assert squash("Case conference: 2 signed, 8 h, Dec 1, 2026; signed by Sgt. Dana Brooks") in text
    assert squash("12 sessions, Oct 1 – Oct 12, 2026") in text
    assert squash("Each activity and session is listed at the verify address") in text


def test_the_core_program_with_a_clinicians_field_work_fits_one_page_summarised_in_flowing_columns(renderer):
    """The shipped core program on the CE layout (accreditation, disclosures and eight modules overfill the first
    column even in the densest type), with the two ride-alongs and three seminars it asks of a clinician: the
    field work is summarised and the details flow from the first column into the second."""
    data = json.loads((Path(__file__).parent.parent / "fixtures/certificates/core_clinician.json").read_text())
    snapshot = CertificateSnapshot.from_dict(data)
    assert not snapshot.field_work_compact  # five lines: listed in full where the page has room
    assert renderer._base(snapshot).density == "denser flow summary"
    for pdf in (renderer.render(snapshot), renderer.render_archival(snapshot), DrawnPages(renderer).render(snapshot)):
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            assert len(document.pages) == 1
        text = squash(right_half(pdf))
        assert squash("Ride-along: 2 signed, 8 h, Oct 1 – Oct 2, 2026; signed by Sgt. Dana Brooks, Dr. Lee Chen") in text
        assert squash("3 sessions, Oct 5 – Oct 7, 2026") in text
        assert squash("Each activity and session is listed at the verify address") in text


def test_a_second_learner_of_the_program_starts_where_the_first_page_fitted(monkeypatch):
    """Each learner's field work makes their own page, but not a new search through every type size: the size the
    last such page fitted at is tried first (and checked)."""
    data = json.loads((Path(__file__).parent.parent / "fixtures/certificates/core_clinician.json").read_text())
    first = CertificateSnapshot.from_dict(data)
    second = CertificateSnapshot.from_dict(dict(data, learner_name="Dana Brooks", activities=[
        dict(activity, date=f"2026-11-{day}") for activity, day in zip(data["activities"], (10, 24), strict=True)]))
    renderer = Renderer()
    layouts = []
    real = renderer._layout
    monkeypatch.setattr(renderer, "_layout", lambda html: layouts.append(html) or real(html))
    renderer._base(first)
    searched = len(layouts)
    assert searched == DENSITIES.index("denser flow summary") + 1
    assert renderer._base(second).density == "denser flow summary"
    assert len(layouts) == searched + 1  # one layout, checked, for the second learner's own page


def test_a_bulk_issue_lays_out_a_page_no_one_shares_once_whole_and_stamps_the_shared_ones(monkeypatch):
    data = json.loads((Path(__file__).parent.parent / "fixtures/certificates/core_clinician.json").read_text())
    own = [CertificateSnapshot.from_dict(dict(data, learner_name=name, short_code=code, activities=[
        dict(activity, date=f"2026-11-{day}") for activity, day in zip(data["activities"], days, strict=True)]))
        for name, code, days in (("Priya Raman", "CDCP-AAAA-0001", (10, 24)), ("Lee Chen", "CDCP-AAAA-0002", (11, 25)))]
    shared = [sample_snapshot("ce", learner_name=name, short_code=f"CDCP-BBBB-000{n}")
              for n, name in enumerate(("Jordan Ellis", "Ana Ruiz"))]
    renderer = Renderer()
    renderer._base(own[0])  # the program's density is known, as after the first certificate of a cohort
    layouts = []
    real = renderer._layout
    monkeypatch.setattr(renderer, "_layout", lambda html: layouts.append(html) or real(html))
    pdfs = renderer.render_many_archival([own[1], shared[0], own[0], shared[1]])
    # own[1], which no one shares: one whole layout. own[0] has a base page already (laid out above), so it is
    # stamped with the others: the shared program's base page, the tagged pages of both, one layout of 3 stamps
    assert len(layouts) == 1 + 1 + 2 + 1
    for pdf, name in zip(pdfs, ("Lee Chen", "Jordan Ellis", "Priya Raman", "Ana Ruiz"), strict=True):
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            assert len(document.pages) == 1 and name in document.pages[0].extract_text()
        assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf)).trailer["/Root"]
