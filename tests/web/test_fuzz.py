"""Hostile values (NUL, huge and negative numbers, over-long text, invalid UTF-8, odd unicode) sent to every
URL converter, query string and form of app.url_map never give a 5xx, on SQLite and PostgreSQL.

Bounded: a fixed list of values and one request per (route, place, value), about a thousand per backend."""
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from werkzeug.datastructures import MultiDict

from lms.forms import BaseForm
from tests.conftest import PASSWORD
from tests.web.test_access_matrix import MATRIX, SKIP, people  # noqa: F401  (the fixture)

pytestmark = pytest.mark.pg

HOSTILE = [
    "\x00", "a\x00b", "\x1b[31m", "-1", "0", "2147483648", "99999999999999999999999", "1e309", "NaN",
    "x" * 5000, "\u202e\u200b\ufeff\u2028", "𝕏😀\U0010fffd", "e\u0301\u0301\u0301", "' OR 1=1 --",
    "../../etc/passwd", "%00%ff", " ", "",
]
INVALID_UTF8 = b"\xff\xfe\xc3\x28\xed\xa0\x80"
# Fields that views read from request.form / request.args without a form class
RAW_FIELDS = {"question", "step", "answer", "go", "selected", "reason", "post_1", "statement_1", "code", "next", "q"}


def _form_fields() -> set[str]:
    names, todo = set(), [BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        names.update(name for name in dir(cls) if hasattr(getattr(cls, name), "field_class"))
    return names | RAW_FIELDS


def _role_for(expected: dict) -> str:
    """A role that gets past the access check of this route, so hostile values reach the view."""
    for role in ("learner", "center_admin"):
        if expected[role] in (200, 302) and expected["anonymous"] != expected[role]:
            return role
    return "anonymous" if expected["anonymous"] in (200, 302) else "site_admin"


def _clients(app, cast):
    clients = {}
    for role in ("anonymous", "learner", "center_admin", "site_admin"):
        client = clients[role] = app.test_client()
        if cast[role] is not None:
            assert client.post("/signin", data={"email": cast[role].email, "password": PASSWORD}).status_code == 302
    return clients


def _with_hostile_segment(app, method, url):
    """For each URL argument of the route behind `url`: the URL with that argument replaced by each value."""
    url, _, query = url.partition("?")
    _endpoint, args = app.url_map.bind("lms.test").match(url, method=method)
    segments = url.split("/")
    for value in args.values():
        good = quote(str(value))
        index = next(i for i, s in enumerate(segments) if s == good or s.startswith(good + "."))
        for hostile in HOSTILE + ["%ff%fe"]:
            bad = hostile if hostile.startswith("%") else quote(hostile, safe="")
            yield "/".join(segments[:index] + [segments[index].replace(good, bad, 1)] + segments[index + 1:]) + (
                f"?{query}" if query else "")


def test_no_hostile_value_anywhere_gives_a_server_error(app, people):  # noqa: F811
    values = {k: v for k, v in people.items() if not hasattr(v, "email")}
    clients, fields, failures, sent = _clients(app, people), _form_fields(), [], 0
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - SKIP
    assert endpoints <= MATRIX.keys()

    def send(role, method, url, **kwargs):
        nonlocal sent
        sent += 1
        response = clients[role].open(url, method=method, **kwargs)
        response.get_data()  # read streamed bodies (CSV exports) to the end, so their cursors close
        response.close()
        if response.status_code >= 500:
            failures.append(f"{role} {method} {url[:120]!r} {str(kwargs)[:160]}: {response.status_code}")

    for endpoint, (method, template, expected) in MATRIX.items():
        if endpoint == "auth.signout":
            continue  # it would sign the client out; it takes no input
        role, url = _role_for(expected), template.format(**values)
        for bad_url in _with_hostile_segment(app, method, url):
            send(role, method, bad_url)
        for hostile in HOSTILE:
            query = MultiDict((name, hostile) for name in sorted(fields))
            if method == "GET":
                send(role, "GET", url.partition("?")[0], query_string=query)
            else:
                send(role, "POST", url, data=query)
        send(role, method, url, data=b"email=" + INVALID_UTF8 + b"&next=" + INVALID_UTF8,
             content_type="application/x-www-form-urlencoded")
        send(role, method, url + "?" + quote(INVALID_UTF8) + "=" + quote(INVALID_UTF8))
    assert failures == []
    assert sent > 500, sent


class _Forms(HTMLParser):
    """The POST forms of a page: action and the fields a browser would send, with their default values."""

    def __init__(self):
        super().__init__()
        self.forms, self._select = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.forms.append({"action": a.get("action"), "fields": {}})
        elif not self.forms or "name" not in a and tag != "option":
            return
        elif tag in ("input", "textarea"):
            kind = a.get("type", "text")
            if kind not in ("file", "submit") and (kind not in ("checkbox", "radio") or a["name"] not in
                                                   self.forms[-1]["fields"]):
                self.forms[-1]["fields"][a["name"]] = a.get("value") or ("y" if kind == "checkbox" else "text")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and a.get("value") and self._select not in self.forms[-1]["fields"]:
            self.forms[-1]["fields"][self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


FIELD_VALUES = ["99999999999999999999999", "-1", "x" * 5000, "\u202e\u200b\ufeff", "𝕏😀", "e\u0301", " ", "\x00"]


def test_each_form_field_alone_takes_hostile_values_without_a_server_error(app, people):  # noqa: F811
    """The other fields keep the page's own values, so a hostile value in one field reaches the service."""
    values = {k: v for k, v in people.items() if not hasattr(v, "email")}
    clients, failures, sent = _clients(app, people), [], 0
    for method, template, expected in MATRIX.values():
        role = _role_for(expected)
        if method != "GET" or expected[role] != 200:
            continue
        url = template.format(**values)
        page = clients[role].get(url)
        if page.mimetype != "text/html":
            continue
        parser = _Forms()
        parser.feed(page.get_data(as_text=True))
        for form in parser.forms:
            action = form["action"] or url
            if action.endswith(("/signout", "/account/password")):
                continue  # signing out or changing the password would change who the client is
            for name in form["fields"]:
                for hostile in FIELD_VALUES:
                    sent += 1
                    response = clients[role].post(action, data={**form["fields"], name: hostile})
                    if response.status_code >= 500:
                        failures.append(f"{role} POST {action} {name}={hostile[:20]!r}: {response.status_code}")
    assert failures == []
    assert sent > 100, sent
