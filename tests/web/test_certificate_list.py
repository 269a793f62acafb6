"""The center admin's certificate list at scale: program filter, filters without a status, 100 a page, search by
name or email, status and sorting in SQL, the CSV (BOM, extra columns, streamed) and the ZIP of every match."""
from __future__ import annotations

import copy
import csv
import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from lms.certificates.documents.codes import new_public_id, new_short_code
from lms.certificates.issuing.service import revoke
from lms.certificates.models import Certificate, CertificateDocument
from lms.programs.models import Program
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg


def clone(db, base: Certificate, count: int, *, name=lambda i: f"Clone Learner {i:03d}", user_id=None,
          documents: bool = False) -> list[str]:
    """`count` copies of a certificate (new ids and codes, other printed names), inserted directly."""
    rows, ids = [], []
    for i in range(count):
        snapshot = copy.deepcopy(base.snapshot)
        snapshot["document"]["learner_name"] = name(i)
        public_id = new_public_id()
        ids.append(public_id)
        rows.append({"public_id": public_id, "short_code": new_short_code(), "user_id": user_id or base.user_id,
                     "center_id": base.center_id, "program_version_id": base.program_version_id,
                     "center_key_id": base.center_key_id, "snapshot": snapshot,
                     "issued_at": base.issued_at - timedelta(minutes=i + 1), "expires_at": base.expires_at})
    db.session.execute(insert(Certificate), rows)
    if documents:
        pdf = db.session.get(CertificateDocument, base.id)
        made = db.session.execute(select(Certificate.id).where(Certificate.public_id.in_(ids))).scalars().all()
        db.session.execute(insert(CertificateDocument), [{"certificate_id": c, "pdf": pdf.pdf, "sha256": pdf.sha256}
                                                         for c in made])
    db.session.commit()
    return ids


@pytest.fixture
def listed(app, db, issuing_center, make_user, login):  # noqa: F811
    learner = make_user(full_name="Base Learner", email="base.learner@agency.example")
    complete_program(db, learner.id)
    base = db.session.scalar(select(Certificate))
    admin = make_user("center_admin")
    login(admin)
    return base, f"/centers/{issuing_center.slug}/admin"


def test_choosing_a_program_filters_the_list_and_the_csv(db, listed, client):
    base, url = listed
    slug = db.session.scalar(select(Program.slug))
    page = client.get(f"{url}/certificates?program={slug}")
    assert page.status_code == 200 and base.short_code in page.get_data(as_text=True)
    assert client.get(f"{url}/certificates?program=no-such-program").status_code == 200
    exported = client.get(f"{url}/certificates.csv?program={slug}")
    assert exported.status_code == 200 and base.short_code in exported.get_data(as_text=True)


def test_filters_work_without_a_status(listed, client):
    base, url = listed
    for query in ("issued_from=2020-01-01", "q=base", "program=&issued_to=2099-01-01"):
        response = client.get(f"{url}/certificates?{query}")
        assert response.status_code == 200, query
        assert base.short_code in response.get_data(as_text=True), query
        assert client.get(f"{url}/certificates.csv?{query}").status_code == 200, query


def test_the_list_shows_100_a_page_with_links_between_pages(db, listed, client):
    base, url = listed
    clone(db, base, 149)
    first = client.get(f"{url}/certificates").get_data(as_text=True)
    assert first.count('name="selected"') == 100 and "Showing 1–100 of 150 certificates" in first
    assert "Next page" in first and "Previous page" not in first
    second = client.get(f"{url}/certificates?page=2").get_data(as_text=True)
    assert second.count('name="selected"') == 50 and "Showing 101–150 of 150" in second
    assert client.get(f"{url}/certificates?page=99").status_code == 200  # past the end: the last page
    assert client.get(f"{url}/certificates?page=-3").status_code == 422


def test_search_finds_by_printed_name_or_by_email(db, listed, client):
    base, url = listed
    clone(db, base, 5, name=lambda i: ["Zoë Ångström", "O'Brien, James", "Ada Byron", "Grace 100% Hopper",
                                        "Alan Turing"][i])
    def names(html):
        return [n for n in ("Zoë Ångström", "O&#39;Brien, James", "Ada Byron", "Alan Turing", "Grace 100% Hopper")
                if n in html]
    assert names(client.get(f"{url}/certificates?q=Ångstr").get_data(as_text=True)) == ["Zoë Ångström"]
    assert names(client.get(f"{url}/certificates?q=ZOë").get_data(as_text=True)) == ["Zoë Ångström"]
    assert names(client.get(f"{url}/certificates?q=o'brien").get_data(as_text=True)) == ["O&#39;Brien, James"]
    assert names(client.get(f"{url}/certificates?q=100%25").get_data(as_text=True)) == ["Grace 100% Hopper"]
    by_email = client.get(f"{url}/certificates?q=BASE.LEARNER@agency").get_data(as_text=True)
    assert by_email.count('name="selected"') == 6  # every clone belongs to the same learner account


def test_status_filter_and_sorting_happen_in_sql(db, listed, client, make_user):
    base, url = listed
    ids = clone(db, base, 3, name=lambda i: ["Charlie", "alice", "Bob"][i])
    revoked = db.session.scalar(select(Certificate).where(Certificate.public_id == ids[0]))
    revoke(revoked, actor_id=make_user("center_admin").id, reason="Issued in error")
    only = client.get(f"{url}/certificates?status=revoked").get_data(as_text=True)
    assert only.count('name="selected"') == 1 and "Charlie" in only and "Issued in error" in only
    valid = client.get(f"{url}/certificates?status=valid").get_data(as_text=True)
    assert valid.count('name="selected"') == 3 and "Charlie" not in valid
    by_name = client.get(f"{url}/certificates?sort=name").get_data(as_text=True)
    positions = [by_name.index(n) for n in ("alice", "Base Learner", "Bob", "Charlie")]
    assert positions == sorted(positions)


def test_csv_has_a_bom_the_extra_columns_and_one_row_each(db, listed, client):
    base, url = listed
    clone(db, base, 120)
    response = client.get(f"{url}/certificates.csv")
    assert response.is_streamed
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 121
    assert {"email", "agency", "discipline", "course_number"} <= set(rows[0])
    mine = next(r for r in rows if r["short_code"] == base.short_code)
    assert (mine["email"], mine["agency"], mine["discipline"]) == ("base.learner@agency.example", "Test PD",
                                                                     "officer")
    assert mine["course_number"] == "POST-2026-01" and mine["learner_name"] == "Base Learner"


def test_zip_of_every_match_takes_the_filters_not_the_page(db, listed, client):
    base, url = listed
    clone(db, base, 104, documents=True, name=lambda i: f"{'Kept' if i % 2 else 'Other'} {i}")
    response = client.post(f"{url}/certificates.zip", data={"all_matching": "y", "q": "kept"})
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert len(names) == 52 and all("Kept" in n for n in names)
    nothing = client.post(f"{url}/certificates.zip", data={})
    assert nothing.status_code == 302
