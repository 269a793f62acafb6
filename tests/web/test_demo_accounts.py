"""The demo accounts (@demo.cdcp.test) can try every flow in development; production refuses .test addresses."""
import pytest
from wtforms.validators import ValidationError

from lms.auth.emails import EmailAddress
from lms.demo import create_demo_data


def test_a_demo_account_can_ask_for_a_password_reset(app, client, tmp_path):
    create_demo_data()
    response = client.post("/forgot-password", data={"email": "cps@demo.cdcp.test"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    # (the demo's practicum entries also mailed their sign-off links)
    [mail] = [m for m in (tmp_path / "outbox").glob("*.eml") if "/reset-password/" in m.read_text()]
    assert "cps@demo.cdcp.test" in mail.read_text()


class _Field:
    def __init__(self, data):
        self.data = data


def test_production_refuses_test_domain_addresses(app):
    app.config["ENV"] = "production"
    with pytest.raises(ValidationError):
        EmailAddress()(None, _Field("cps@demo.cdcp.test"))
    EmailAddress()(None, _Field("officer@cmpd.org"))


def test_malformed_addresses_are_refused_everywhere(app):
    with pytest.raises(ValidationError, match="Invalid email address"):
        EmailAddress()(None, _Field("not an address"))
