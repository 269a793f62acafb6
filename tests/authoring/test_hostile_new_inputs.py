"""Hostile content through the new ways in — a ZIP upload, a new module's name and title, an image's alt text, a
restore note — is harmless in the draft page, the editor, the preview, the diff and the published lesson."""
import io
import re

import pytest
from sqlalchemy import select

from lms.authoring.models import ModuleDraft
from lms.authoring.pipeline import zip_bytes
from lms.authoring.service import approve_and_publish, submit
from tests.authoring.conftest import lesson, module_files
from tests.conftest import PASSWORD
from tests.unit.test_render import ATTACKS

# Markup that would act (escaped source text in the diff or the text area is only text)
ACTIVE = [re.compile(p, re.I) for p in (
    r"<script(?![^>]*\ssrc=\"/static/)", r"<(iframe|style|svg|object|embed)\b", r"<form[^>]*evil",
    r"<[a-z][^>]*\son[a-z]+\s*=", r"<(a|img|iframe)\b[^>]*(href|src)\s*=\s*[\"']?\s*(javascript|data):")]


def signed_in(app, user):
    client = app.test_client()
    client.post("/signin", data={"email": user.email, "password": PASSWORD})
    return client


def harmless(html: str) -> None:
    for pattern in ACTIVE:
        assert not pattern.search(html), pattern.search(html).group(0)


@pytest.mark.pg
def test_a_hostile_zip_is_harmless_in_every_page_and_when_published(app, db, make_editor, center, talking):
    # (a markdown image of a data: URL does not pass the checks at all: test_images covers it)
    attack = "\n\n" + "\n\n".join(a for a in ATTACKS if not a.startswith("![")) + "\n"
    files = {**module_files(), "01-first.md": lesson("Lesson first", attack)}
    author, reviewer = make_editor(), make_editor("center_admin")
    client = signed_in(app, author)
    client.post(f"/centers/{center.slug}/authoring/upload",
                data={"archive": (io.BytesIO(zip_bytes("03-talking", files)), "m.zip")},
                content_type="multipart/form-data")
    draft = db.session.scalar(select(ModuleDraft))
    base = f"/centers/{center.slug}/authoring/drafts/{draft.id}"
    harmless(client.get(base).get_data(as_text=True))                      # the diff
    editor = client.get(f"{base}/files/01-first.md").get_data(as_text=True)
    harmless(editor.split("</textarea>")[1])                               # the preview (the text area escapes)
    assert "&lt;script&gt;" in editor
    preview = client.post(f"{base}/preview", data={"name": "01-first.md", "text": files["01-first.md"]}).get_json()
    harmless(preview["html"])
    submit(draft, note="<script>alert(1)</script>", expected=draft.lock_version, actor_id=author.id)
    approve_and_publish(draft, expected=draft.lock_version, actor_id=reviewer.id)
    harmless(client.get("/modules/talking/lessons/first").get_data(as_text=True))
    harmless(client.get(f"/centers/{center.slug}/authoring/modules/talking/history").get_data(as_text=True))


@pytest.mark.pg
def test_hostile_names_titles_and_alt_text_are_refused_or_escaped(app, db, make_user, center):
    trainer = make_user("trainer")
    client = signed_in(app, trainer)
    page = client.post(f"/centers/{center.slug}/authoring/modules/new",
                       data={"module_slug": "<script>x</script>", "title": "T"}, follow_redirects=True)
    assert "lowercase letters" in page.get_data(as_text=True)
    client.post(f"/centers/{center.slug}/authoring/modules/new",
                data={"module_slug": "ours", "title": "<img src=x onerror=alert(1)>"})
    draft = db.session.scalar(select(ModuleDraft))
    harmless(client.get(f"/centers/{center.slug}/authoring/drafts/{draft.id}/files/module.md")
             .get_data(as_text=True).split("</textarea>")[1])
    from tests.authoring.test_images import png

    page = client.post(f"/centers/{center.slug}/authoring/drafts/{draft.id}/images",
                       data={"image": (io.BytesIO(png()), "a.png"), "alt": "x](javascript:alert(1))"},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "cannot hold brackets" in page
    nul = client.post(f"/centers/{center.slug}/authoring/modules/new", data={"module_slug": "a\x00b", "title": "T"})
    assert nul.status_code == 400  # refused before any form code runs
    assert db.session.scalar(select(ModuleDraft.id).where(ModuleDraft.folder.like("%a%b"))) is None
