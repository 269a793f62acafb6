"""Every form refuses control characters field by field, even when its data does not come from a request."""
from werkzeug.datastructures import MultiDict

from lms.auth.forms import EmptyForm, SignInForm
from lms.forms import CONTROL_MESSAGE


def test_a_control_character_in_any_field_is_a_field_error(app):
    with app.test_request_context():
        form = SignInForm(formdata=MultiDict({"email": "a\x00@b.org", "password": "long enough"}))
        assert not form.validate()
        assert form.errors["email"] == [CONTROL_MESSAGE]


def test_the_csrf_token_renders_without_an_id(app):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.test_request_context():
        html = str(EmptyForm().csrf_token())
    assert 'name="csrf_token"' in html and "id=" not in html
