"""A center's local resource directory appears in its learners' local-resources boxes, escaped."""
from types import SimpleNamespace

import pytest

from lms.authoring.local_resources import with_local_resources
from tests.conftest import PASSWORD

BOX = ('<div class="admonition local-resources">\n<p class="admonition-title">Resources in your area</p>\n'
       "<ul>\n<li>988</li>\n</ul>\n</div>")


def entry(**fields):
    base = dict(name="Safe Harbor CAC", kind="child advocacy center", phone="(704) 555-0100",
                website="https://example.org", address="", hours="Mon-Fri 8-5", languages="English, Spanish",
                serves="Children 0-17", after_hours=False)
    return SimpleNamespace(**{**base, **fields})


def test_entries_come_before_the_national_lines_in_the_box():
    html = with_local_resources(BOX, [entry()])
    assert html.index("Safe Harbor CAC") < html.index("<li>988</li>")
    assert 'href="tel:7045550100"' in html and "Languages: English, Spanish" in html


def test_hostile_entries_are_escaped_and_bad_links_dropped():
    html = with_local_resources(BOX, [entry(name="<script>x</script>", website="javascript:alert(1)",
                                            hours='"><img onerror=1>')])
    assert "<script>" not in html and "javascript:" not in html and "<img" not in html


def test_no_entries_or_no_box_leaves_the_lesson_as_written():
    assert with_local_resources(BOX, []) == BOX
    assert with_local_resources("<p>Hi</p>", [entry()]) == "<p>Hi</p>"


@pytest.mark.pg
def test_the_center_admin_fills_the_directory_and_only_that_centers_learners_see_it(app, db, make_user, center,
                                                                                    talking):
    from lms.centers.service import create_center

    admin = make_user("center_admin")
    client = app.test_client()
    client.post("/signin", data={"email": admin.email, "password": PASSWORD})
    url = f"/centers/{center.slug}/admin/resources"
    client.post(url, data={"name": "", "phone": "1"})
    client.post(url, data={"name": "Safe Harbor CAC", "phone": "704-555-0100", "website": "ftp://x"})
    assert client.post(url, data={"name": "Safe Harbor CAC", "phone": "704-555-0100",
                                  "languages": "English, Spanish"}).status_code == 302
    assert "Safe Harbor CAC" in client.get(url).get_data(as_text=True)
    ours, theirs = make_user("learner"), make_user("learner", center_obj=create_center(name="Other", region="X"))
    for learner, sees in ((ours, True), (theirs, False)):
        reader = app.test_client()
        reader.post("/signin", data={"email": learner.email, "password": PASSWORD})
        page = reader.get("/modules/talking/lessons/fourth").get_data(as_text=True)
        assert ("Safe Harbor CAC" in page) is sees and "988 Suicide" in page
    from lms.authoring.models import LocalResource
    assert db.session.query(LocalResource).count() == 1


def _add_entries(db, center, count: int, offset: int = 0) -> None:
    from sqlalchemy import insert

    from lms.authoring.models import LocalResource

    db.session.execute(insert(LocalResource), [
        {"center_id": center.id, "name": f"Agency {offset + n:03}", "kind": ("shelter", "clinic")[n % 2],
         "phone": "", "website": "", "address": "", "hours": "", "languages": "", "serves": "",
         "after_hours": False} for n in range(count)])
    db.session.commit()


@pytest.mark.pg
def test_the_directory_page_shows_fifty_entries_a_page_searched_in_sql_with_the_same_statements(
        app, db, make_user, center):
    import re

    from tests.support.statements import statements_during

    client = app.test_client()
    client.post("/signin", data={"email": make_user("center_admin").email, "password": PASSWORD})
    url = f"/centers/{center.slug}/admin/resources"
    _add_entries(db, center, 3)
    small, few = statements_during(db, lambda: client.get(url))
    _add_entries(db, center, 60, offset=3)
    first, many = statements_during(db, lambda: client.get(url))
    assert small.status_code == first.status_code == 200 and len(few) == len(many)
    removes = lambda html: len(re.findall(r">Remove Agency \d+</button>", html))  # noqa: E731
    html = first.get_data(as_text=True)
    assert removes(html) == 50 and "63 entries" in html and "Page 1 of 2" in html
    assert removes(client.get(f"{url}?page=2").get_data(as_text=True)) == 13
    found = client.get(f"{url}?q=clinic").get_data(as_text=True)
    assert "31 entries match" in found and removes(found) == 31
    assert "1 entry matches" in client.get(f"{url}?q=agency+007").get_data(as_text=True)
    assert client.get(f"{url}?q=%25").get_data(as_text=True).count("0 entries match") == 1  # % is plain text
    too_long = client.get(f"{url}?q={'x' * 101}")
    assert too_long.status_code == 422 and "longer than 100 characters" in too_long.get_data(as_text=True)
    assert client.get(f"{url}?page=abc").status_code == 200
    assert client.get(f"{url}?page=999999999999999999999").status_code == 200
