"""The shipped program's page shows its disclosures and the clinical/general split of its modules; a clinician's CE
certificate carries the disclosure line; the module page names its CE category."""
from datetime import date
from pathlib import Path

from sqlalchemy import select

from lms.programs.models import Program
from lms.publishing import import_content

ROOT = Path(__file__).resolve().parent.parent.parent


def _import_shipped():
    import_content(ROOT / "curriculum", ROOT / "quizzes", ROOT / "programs")


def test_the_program_page_shows_disclosures_and_the_ce_category_split(app, client):
    _import_shipped()
    page = client.get("/programs/cdcp-core").get_data(as_text=True)
    assert "4.5" in page and '<h2 id="disclosures">Disclosures</h2>' in page
    for heading in ("Conflict of interest", "Commercial support", "How the hours were set", "Content reviewed",
                    "Accessibility", "Grievances"):
        assert f"<dt>{heading}</dt>" in page
    assert "Clinical content: 145 minutes; general (systems, policing, law and partnership) content: 130 minutes" in page
    assert "<td>30 min</td><td>general</td>" in page


def test_the_module_page_names_its_ce_category(app, client, make_user, login):
    _import_shipped()
    login(make_user())
    page = client.get("/modules/de-escalation-and-crisis-intervention").get_data(as_text=True)
    assert "0.5 continuing-education hours (general content)" in page
    assert "What the quiz tests, and what you practise in the field" in page


def test_a_ce_certificate_states_the_disclosures_in_one_line(app, db, center, make_user):
    from lms.certificates.issuing.center_settings import save_settings
    from lms.certificates.issuing.snapshot_builder import build_snapshot, module_titles

    _import_shipped()
    program = db.session.scalar(select(Program).where(Program.slug == "cdcp-core"))
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False,
                  programs={program.id: ("POST-1", "Approved.")})
    clinician = make_user(discipline="clinician")
    snapshot = build_snapshot(user=clinician, center=center, version=program.current_version,
                              module_titles=module_titles(), public_id="x" * 22, short_code="ABCD-EFGH",
                              issued_on=date(2026, 12, 2))
    line = snapshot.accreditation["disclosures"]
    assert line.startswith("Conflict of interest: No author has a financial relationship")
    assert "Commercial support: None." in line and line.endswith("/programs/cdcp-core")
    assert str(snapshot.ce_hours) == "4.5"
