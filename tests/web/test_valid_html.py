"""Every page the access matrix reaches, for each kind of user, passes the Nu HTML checker (errors only)."""
from tests.conftest import PASSWORD
from tests.support.vnu import PageSaver, html_errors, vnu_jar
from tests.web.test_access_matrix import MATRIX, people  # noqa: F401  (the fixture)

ROLES_TO_CHECK = ("anonymous", "learner", "center_admin", "site_admin")


def _page(app, client, url):
    """GET with CSRF on, so pages carry their hidden tokens as in production (the POSTs here run without)."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.get(url)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _forms_with_errors(client, center):
    """Pages as they look after a mistake: sign-up, sign-in and reset forms with messages."""
    client.post("/signup", data={"email": "not-an-email", "center": str(center.id)})
    client.post("/signin", data={"email": "nobody@example.org", "password": "wrong wrong"})
    client.post("/forgot-password", data={"email": "nope"})
    client.get("/no-such-page")


def test_every_reachable_page_is_valid_html(app, people, center, tmp_path):  # noqa: F811
    vnu_jar()
    saver = PageSaver(tmp_path / "pages")
    app.after_request(saver)
    values = {k: v for k, v in people.items() if not hasattr(v, "email")}
    for role in ROLES_TO_CHECK:
        client = app.test_client()
        if people[role] is not None:
            client.post("/signin", data={"email": people[role].email, "password": PASSWORD})
        for method, url, expected in MATRIX.values():
            if method == "GET" and expected[role] == 200:
                _page(app, client, url.format(**values))
        if role == "anonymous":
            _forms_with_errors(client, center)
        if role == "learner":
            attempt = values["attempt"]
            client.post(f"/attempts/{attempt}/decide", data={"question": "stabbing", "step": "first", "answer": "b"})
            for question in range(1, 5):
                _page(app, client, f"/attempts/{attempt}?q={question}")
    assert saver.count > 40, saver.count
    assert html_errors(saver.folder) == []
