"""Helpers for the centers tests: roster uploads and confirmations, invitation links in received mail."""
from __future__ import annotations

import io
import re


def upload_roster(client, slug: str, data: bytes | str, filename: str = "roster.csv"):
    """POST a roster file; returns the preview response."""
    raw = data.encode() if isinstance(data, str) else data
    return client.post(f"/centers/{slug}/roster", data={"file": (io.BytesIO(raw), filename)},
                       content_type="multipart/form-data")


def confirm_fields(html: str) -> dict:
    """The hidden fields of the preview's confirm form."""
    fields = dict(re.findall(r'name="(content|digest|filename)" type="hidden" value="([^"]*)"', html))
    assert {"content", "digest"} <= fields.keys(), "the preview has no confirm form"
    return fields


def import_roster(client, slug: str, data: bytes | str):
    """Upload, then confirm the preview; returns the confirm response."""
    preview = upload_roster(client, slug, data)
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    return client.post(f"/centers/{slug}/roster/confirm", data=confirm_fields(preview.get_data(as_text=True)),
                       content_type="multipart/form-data")


def roster_csv(rows: list[tuple], header: str = "email,full_name,discipline,agency,cohort,team,role") -> str:
    """A CSV roster from tuples."""
    return header + "\n" + "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"


def links_in(messages, pattern=r"http://lms\.test(/invitations/\S+)") -> list[str]:
    """Invitation paths found in the plain-text parts of received messages."""
    found = []
    for message in messages:
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found += re.findall(pattern, part.get_payload(decode=True).decode())
    return found
