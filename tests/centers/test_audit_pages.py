"""Audit pages: a center admin reads their center's log, the site admin everyone's; filters, paging, CSV."""
import csv
import io
from datetime import timedelta

import pytest

from lms.audit.service import record_event
from lms.centers.service import create_center
from lms.timeutil import utcnow
from tests.conftest import PASSWORD

pytestmark = pytest.mark.pg


@pytest.fixture
def admin_client(client, login, make_user):
    login(make_user("center_admin"))
    return client


def test_a_center_admin_sees_only_their_centers_events(admin_client, db, center):
    other = create_center(name="Other Center", region="")
    record_event(action="member.role_changed", center_id=center.id, target_type="user", target_id=1)
    record_event(action="member.removed", center_id=other.id, target_type="user", target_id=2, commit=True)
    page = admin_client.get(f"/centers/{center.slug}/audit").get_data(as_text=True)
    assert "member.role_changed" in page and "member.removed" not in page


def test_filters_and_paging(admin_client, db, center):
    for i in range(60):
        record_event(action="roster.imported", center_id=center.id, detail={"n": i})
    old = record_event(action="member.removed", center_id=center.id)
    old.at = utcnow() - timedelta(days=40)
    db.session.commit()
    page = admin_client.get(f"/centers/{center.slug}/audit?action=roster").get_data(as_text=True)
    assert "60 events" in page and "Page 1 of 2" in page
    day = (utcnow() - timedelta(days=40)).date().isoformat()
    dated = admin_client.get(f"/centers/{center.slug}/audit?date_from={day}&date_to={day}").get_data(as_text=True)
    assert "1 event." in dated and "member.removed" in dated
    backwards = admin_client.get(f"/centers/{center.slug}/audit?date_from=2026-02-02&date_to=2026-01-01")
    assert backwards.status_code == 422 and "before the start date" in backwards.get_data(as_text=True)


def test_the_csv_has_a_bom_is_formula_safe_and_is_audited(app, db, center, make_user):
    admin = make_user("center_admin", full_name="=HYPERLINK(\"http://evil\")")
    client = app.test_client()
    client.post("/signin", data={"email": admin.email, "password": PASSWORD})
    record_event(action="member.role_changed", actor_id=admin.id, center_id=center.id, commit=True)
    response = client.get(f"/centers/{center.slug}/audit.csv?action=member")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["at_utc", "action", "actor_email"]
    assert rows[1][3].startswith("'=HYPERLINK")
    assert "audit.exported" in client.get(f"/centers/{center.slug}/audit").get_data(as_text=True)


def test_the_site_admin_reads_everyones_log(app, db, center, make_user):
    site = app.test_client()
    site.post("/signin", data={"email": make_user("site_admin").email, "password": PASSWORD})
    record_event(action="center.rename", center_id=center.id, commit=True)
    page = site.get("/admin/audit?action=center").get_data(as_text=True)
    assert "center.rename" in page and center.name in page
    assert site.get("/admin/audit.csv").get_data(as_text=True).startswith("\ufeff")
