"""The site admin's centers and a cohort's learners are paged in SQL: 50 a page, and the same number of statements
whatever the list's length."""
import re

import pytest
from sqlalchemy import insert, select

from lms.auth.models import User
from lms.centers.cohort_models import CohortMember
from lms.centers.models import Center, Membership
from tests.support.statements import statements_during

pytestmark = pytest.mark.pg


def add_centers(db, count: int, offset: int = 0) -> None:
    db.session.execute(insert(Center), [{"slug": f"bulk-center-{offset + n}", "name": f"Bulk Center {offset + n:03}",
                                         "region": "Somewhere, NC"} for n in range(count)])
    db.session.commit()


def add_learners(db, center, cohort, count: int, offset: int = 0) -> None:
    db.session.execute(insert(User), [{"email": f"bulk{offset + n}@example.org", "full_name": f"Bulk {offset + n:03}",
                                       "password_hash": "x", "discipline": ("officer", "clinician")[n % 2],
                                       "agency": f"Agency {n % 3}", "is_site_admin": False,
                                       "session_token": f"s{offset + n}", "failed_logins": 0} for n in range(count)])
    ids = list(db.session.scalars(select(User.id).where(User.email.like("bulk%")).order_by(User.id)))[-count:]
    db.session.execute(insert(Membership), [{"user_id": i, "center_id": center.id, "role": "learner"} for i in ids])
    db.session.execute(insert(CohortMember), [{"user_id": i, "cohort_id": cohort.id} for i in ids])
    db.session.commit()


def manage_links(html: str) -> int:
    return len(re.findall(r'href="/admin/centers/[^"]+">Rename or archive', html))


def learner_rows(html: str) -> int:
    return len(re.findall(r'<th scope="row"><a href=', html))


def test_the_centers_list_shows_fifty_a_page_with_the_same_statements(signed_in, db, make_user, center):
    site = signed_in(make_user("site_admin"))
    add_centers(db, 2)
    small, few = statements_during(db, lambda: site.get("/admin/centers"))
    add_centers(db, 60, offset=2)
    first, many = statements_during(db, lambda: site.get("/admin/centers"))
    assert small.status_code == first.status_code == 200
    assert len(few) == len(many)
    html = first.get_data(as_text=True)
    assert manage_links(html) == 50 and "63 centers." in html and "Page 1 of 2" in html
    second = site.get("/admin/centers?page=2").get_data(as_text=True)
    assert manage_links(second) == 13 and 'rel="prev"' in second
    assert site.get("/admin/centers?page=999999999999999999999").status_code == 200
    assert site.get("/admin/centers?page=abc").status_code == 200


def test_centers_are_searched_by_name_in_sql(signed_in, db, make_user, center):
    site = signed_in(make_user("site_admin"))
    add_centers(db, 60)
    html = site.get("/admin/centers?q=center+05").get_data(as_text=True)
    assert manage_links(html) == 10 and "10 centers match." in html  # Bulk Center 050 to 059
    html = site.get("/admin/centers?q=southeast").get_data(as_text=True)
    assert manage_links(html) == 1 and center.name in html and "1 center matches." in html
    assert "No centers match." in site.get("/admin/centers?q=100%25_").get_data(as_text=True)  # wildcards are text
    assert site.get("/admin/centers?q=" + "x" * 101).status_code == 422


def test_a_cohort_shows_fifty_learners_a_page_with_the_same_statements(signed_in, db, admin, center, cohort):
    client = signed_in(admin)
    url = f"/centers/{center.slug}/cohorts/{cohort.id}"
    small, few = statements_during(db, lambda: client.get(url))
    add_learners(db, center, cohort, 60)
    first, many = statements_during(db, lambda: client.get(url))
    assert small.status_code == first.status_code == 200
    assert len(few) == len(many)
    html = first.get_data(as_text=True)
    assert learner_rows(html) == 50 and "Learners (63)" in html and "Page 1 of 2" in html
    assert 'action="/centers/' + center.slug + f'/cohorts/{cohort.id}/teams"' in html  # the team form stays
    second = client.get(url + "?page=2").get_data(as_text=True)
    assert learner_rows(second) == 13 and 'rel="prev"' in second
    assert client.get(url + "?page=999999999999999999999").status_code == 200
    assert client.get(url + "?page=abc").status_code == 200


def test_an_agency_coordinator_pages_only_their_agencys_learners(signed_in, db, make_user, center, cohort):
    add_learners(db, center, cohort, 60)
    coordinator = make_user("agency_coordinator")
    coordinator.agency = "Agency 1"
    db.session.commit()
    html = signed_in(coordinator).get(f"/centers/{center.slug}/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Learners (20)" in html and learner_rows(html) == 20
