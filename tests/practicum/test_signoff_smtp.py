"""Both signers' links arrive through a real SMTP server on loopback and work exactly once."""
import pytest
from sqlalchemy import select

from lms.practicum.models import PracticumEntry
from tests.practicum.conftest import entry_data, message_links

pytestmark = pytest.mark.pg


def test_both_signers_links_arrive_by_smtp_and_work_once(client, login, team, supervisors, db, smtp):
    login(team["clinician"])
    assert client.post("/practicum/new", data=entry_data()).status_code == 302
    client.post("/signout")
    assert sorted(str(m["To"]) for m in smtp.messages) == ["brooks@cmpd.test", "chen@clinic.test"]
    assert all(m["Subject"] == "Please sign off: Ride-along by Priya Raman" for m in smtp.messages)
    links = {}
    for message in smtp.messages:
        links.update(message_links(message))
        assert message.is_multipart()  # text and HTML
    for signer, link in links.items():
        assert client.get(link).status_code == 200, signer
        assert client.post(link, data={"decision": "approved", "comment": ""}).status_code == 200
        assert client.post(link, data={"decision": "approved", "comment": ""}).status_code == 410
    entry = db.session.scalar(select(PracticumEntry))
    assert entry.status == "signed"
    assert {r.signer_name for r in entry.signoffs} == {"Sgt. Dana Brooks", "Dr. Lee Chen"}
