"""A module ZIP becomes a draft only when it is safe: paths stay inside the module, no links, bounded sizes and
ratios (ZIP bombs), UTF-8 text, one module; a refused ZIP stores nothing."""
import io
import random
import stat
import zipfile

import pytest
from sqlalchemy import func, select

from lms.authoring.models import ModuleDraft
from lms.authoring.pipeline import zip_bytes
from lms.authoring.zip_upload import MAX_UPLOAD_BYTES, ZipRefused, read_module_zip
from tests.authoring.conftest import lesson, module_files
from tests.conftest import PASSWORD


def archive(entries: dict[str, bytes | str], *, link: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries.items():
            out.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            out.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def module_zip(**extra) -> dict[str, str]:
    return {f"curriculum/03-talking/{name}": text for name, text in module_files().items()} | extra


def test_the_downloaded_zip_reads_back_as_the_same_files():
    read = read_module_zip(zip_bytes("03-talking", {**module_files(), "quiz.yaml": "questions: []\n"}))
    assert read.folder == "03-talking" and read.files == {**module_files(), "quiz.yaml": "questions: []\n"}


@pytest.mark.parametrize("name, message", [
    ("curriculum/03-talking/../../etc/passwd", "outside the module"),
    ("../03-talking/module.md", "outside the module"),
    ("/etc/passwd", "absolute paths"),
    ("curriculum\\03-talking\\01-x.md", "absolute paths"),
    ("C:/x.md", "absolute paths"),
    ("curriculum/03-talking/sub/01-x.md", "expected curriculum/NN-slug"),
    ("curriculum/03-talking/evil.sh", "module.md or NN-slug.md"),
])
def test_paths_outside_the_module_are_refused(name, message):
    with pytest.raises(ZipRefused, match=message):
        read_module_zip(archive(module_zip(**{name: "x"})))


def test_links_are_refused():
    with pytest.raises(ZipRefused, match="links are not allowed"):
        read_module_zip(archive(module_zip(), link="curriculum/03-talking/05-link.md"))


def test_a_zip_bomb_is_refused_by_its_ratio_without_unpacking_it_all():
    with pytest.raises(ZipRefused, match="unpacks to more than allowed"):
        read_module_zip(archive(module_zip(**{"curriculum/03-talking/05-bomb.md": "a" * 5_000_000})))


def test_the_total_uncompressed_size_is_capped():
    rng = random.Random(1)  # runs of letters compress about 50:1, under the ratio cap; nine files pass 6 MB
    text = "".join(rng.choice("ab") * rng.randint(20, 60) for _ in range(20_000))[:790_000]
    noise = {f"curriculum/03-talking/{n:02d}-part.md": text for n in range(5, 14)}
    with pytest.raises(ZipRefused, match="more than allowed"):
        read_module_zip(archive(module_zip(**noise)))


@pytest.mark.parametrize("data, message", [
    (b"not a zip at all", "not a ZIP file"),
    (b"PK\x03\x04" + b"\x00" * 40, "not a ZIP file"),
    (b"x" * (MAX_UPLOAD_BYTES + 1), "larger than"),
])
def test_what_is_not_a_zip_is_refused(data, message):
    with pytest.raises(ZipRefused, match=message):
        read_module_zip(data)


def test_text_that_is_not_utf8_or_holds_nul_is_refused():
    with pytest.raises(ZipRefused, match="not UTF-8"):
        read_module_zip(archive(module_zip(**{"curriculum/03-talking/05-x.md": b"\xff\xfe bad"})))
    with pytest.raises(ZipRefused, match="NUL"):
        read_module_zip(archive(module_zip(**{"curriculum/03-talking/05-x.md": "a\x00b"})))


def test_two_modules_in_one_zip_are_refused():
    with pytest.raises(ZipRefused, match="exactly one module"):
        read_module_zip(archive(module_zip(**{"curriculum/04-other/module.md": "x"})))
    with pytest.raises(ZipRefused, match="exactly one module"):
        read_module_zip(archive(module_zip(**{"quizzes/04-other.yaml": "x"})))


def _client(app, user):
    client = app.test_client()
    client.post("/signin", data={"email": user.email, "password": PASSWORD})
    return client


def _upload(client, center, data: bytes):
    return client.post(f"/centers/{center.slug}/authoring/upload",
                       data={"archive": (io.BytesIO(data), "module.zip")}, content_type="multipart/form-data")


@pytest.mark.pg
def test_an_editor_uploads_a_zip_and_gets_a_draft_of_the_module(app, db, make_editor, center, talking):
    files = {**module_files(), "01-first.md": lesson("Lesson first", "\n\nUploaded words.\n")}
    response = _upload(_client(app, make_editor()), center, zip_bytes("03-talking", files))
    assert response.status_code == 302 and "/drafts/" in response.headers["Location"]
    draft = db.session.scalar(select(ModuleDraft))
    assert draft.files["01-first.md"].endswith("Uploaded words.\n\n") and draft.base_version_id is not None
    assert not draft.center_owned


@pytest.mark.pg
def test_a_refused_zip_stores_nothing_and_says_why(app, db, make_editor, make_user, center, talking):
    editor = _client(app, make_editor())
    bad = archive(module_zip(**{"curriculum/03-talking/../../x.md": "x"}))
    page = editor.get(_upload(editor, center, bad).headers["Location"]).get_data(as_text=True)
    assert "The ZIP was not used" in page and "outside the module" in page
    # a trainer who is not a curriculum editor may not replace a shared module from a ZIP
    page = _client(app, make_user("trainer")).post(
        f"/centers/{center.slug}/authoring/upload", data={"archive": (io.BytesIO(zip_bytes("03-talking", module_files())),
                                                                      "m.zip")},
        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "Only curriculum editors" in page
    assert db.session.scalar(select(func.count(ModuleDraft.id))) == 0


def test_a_zip_of_a_new_module_makes_a_draft_of_the_centers_own(app, db, make_user, center):
    files = {"module.md": module_files()["module.md"], "01-first.md": lesson("One")}
    response = _upload(_client(app, make_user("trainer")), center, zip_bytes("07-our-county", files))
    assert response.status_code == 302
    draft = db.session.scalar(select(ModuleDraft))
    assert draft.folder == "07-our-county" and draft.center_owned and draft.center_id == center.id
