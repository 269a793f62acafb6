"""Control characters and huge ids get a clear answer (400 / 404), never a 500, on SQLite and PostgreSQL."""
import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.inputs import MESSAGE

pytestmark = pytest.mark.pg


def _refused(response) -> bool:
    return response.status_code == 400 and MESSAGE in response.get_data(as_text=True)


def _signup(center, **changes):
    data = {"full_name": "Jordan Ellis", "email": "jordan@example.org", "password": "blue kettle on the porch",
            "confirm": "blue kettle on the porch", "discipline": "officer", "agency": "Metro PD",
            "center": str(center.id)}
    return {**data, **changes}


@pytest.mark.parametrize("field", ["full_name", "email", "agency"])
def test_a_nul_byte_in_a_sign_up_field_is_refused_and_nothing_is_stored(client, center, db, field):
    response = client.post("/signup", data=_signup(center, **{field: "Jordan\x00Ellis"}))
    assert _refused(response)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_nul_byte_in_the_sign_in_email_is_refused_without_an_account(client):
    assert _refused(client.post("/signin", data={"email": "a\x00@b.org", "password": "x"}))


@pytest.mark.parametrize("url", ["/modules/%00", "/keys/%00.json", "/certificates/%00/certificate.pdf",
                                 "/verify?code=%00", "/signin?next=%01", "/verify/%1b"])
def test_a_control_character_in_the_address_is_refused(client, make_user, login, url):
    login(make_user())
    assert _refused(client.get(url))


def test_a_nul_byte_in_the_center_settings_or_the_zip_selection_is_refused(client, center, make_user, login):
    login(make_user("center_admin"))
    base = f"/centers/{center.slug}/admin"
    assert _refused(client.post(f"{base}/settings", data={"signatory_name": "Ada\x00", "post_1": "x"}))
    assert _refused(client.post(f"{base}/certificates.zip", data={"selected": ["ABC\x00"]}))


def test_a_control_character_in_a_field_name_or_upload_name_is_refused(client, center, make_user, login):
    from io import BytesIO

    login(make_user("center_admin"))
    assert _refused(client.post("/signin", data={"e\x00mail": "a@b.org"}))
    upload = {"bundle": (BytesIO(b"x"), "key\x00.p12"), "password": ""}
    assert _refused(client.post(f"/centers/{center.slug}/admin/key/import", data=upload,
                                content_type="multipart/form-data"))


def test_tabs_new_lines_and_other_languages_are_accepted(client, center, db):
    response = client.post("/signup", data=_signup(center, full_name="Zoë\tÅsa Nguyễn", agency="Metro PD\r\nUnit 7"))
    assert response.status_code != 400


@pytest.mark.parametrize("url", ["/attempts/9999999999999999999", "/attempts/2147483648/result",
                                 "/attempts/0", "/centers/{slug}/admin/bulk/99999999999999999999999"])
def test_a_huge_id_in_the_address_is_not_found(client, center, make_user, login, url):
    login(make_user("center_admin"))
    assert client.get(url.format(slug=center.slug)).status_code == 404


def test_a_huge_request_id_to_approve_is_not_found(client, center, make_user, login):
    login(make_user("center_admin"))
    response = client.post(f"/centers/{center.slug}/admin/requests/99999999999999999999/approve")
    assert response.status_code == 404


def test_query_args_that_name_url_for_arguments_do_not_break_the_admin_list(client, center, make_user, login):
    login(make_user("center_admin"))
    url = f"/centers/{center.slug}/admin/certificates?slug=x&_method=POST&_external=1&_anchor=a&status=valid"
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/centers/{center.slug}/admin/certificates.csv?status=valid"' in body
