"""Every route x every role gets its expected status (checklist 8). A new route fails here until it has a row."""
import pytest

ROLES = ("anonymous", "learner", "trainer", "center_admin", "other_center_admin", "site_admin")


def everyone(code: int) -> dict:
    return dict.fromkeys(ROLES, code)


def signed_in(code: int) -> dict:
    """Anonymous users are sent to sign in; everyone else gets `code`."""
    return {**everyone(code), "anonymous": 302}


# endpoint: (method, url, {role: status})
MATRIX = {
    "main.index": ("GET", "/", {**everyone(302), "anonymous": 200}),
    "main.healthz": ("GET", "/healthz", everyone(200)),
    "auth.signup": ("GET", "/signup", everyone(200)),
    "auth.signin": ("GET", "/signin", everyone(200)),
    "auth.signout": ("POST", "/signout", everyone(302)),
    "auth.forgot_password": ("GET", "/forgot-password", everyone(200)),
    "auth.reset_password": ("GET", "/reset-password/not-a-token", everyone(302)),
    "auth.profile": ("GET", "/account", signed_in(200)),
    "auth.change_password": ("GET", "/account/password", signed_in(200)),
    "progress.dashboard": ("GET", "/dashboard", signed_in(200)),
    "progress.module": ("GET", "/modules/sample-module", signed_in(200)),
    "progress.lesson": ("GET", "/modules/sample-module/lessons/first-lesson", signed_in(200)),
    "progress.mark_done": ("POST", "/modules/sample-module/lessons/first-lesson/done", signed_in(302)),
}
SKIP = {"static"}


def test_every_route_has_a_row_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - SKIP
    assert endpoints - MATRIX.keys() == set(), "add these routes to MATRIX"
    assert MATRIX.keys() - endpoints == set(), "MATRIX names routes that no longer exist"


@pytest.fixture
def people(app, make_user, center, content):
    from lms.centers.service import create_center

    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    return {
        "anonymous": None,
        "learner": make_user("learner"),
        "trainer": make_user("trainer"),
        "center_admin": make_user("center_admin"),
        "other_center_admin": make_user("center_admin", center_obj=other),
        "site_admin": make_user("site_admin"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_route(app, people, role):
    failures = []
    for endpoint, (method, url, expected) in MATRIX.items():
        client = app.test_client()
        if people[role] is not None:
            client.post("/signin", data={"email": people[role].email, "password": "correct horse battery"})
        response = client.open(url, method=method)
        if response.status_code != expected[role]:
            failures.append(f"{endpoint} {method} {url}: {response.status_code} (expected {expected[role]})")
    assert failures == []
