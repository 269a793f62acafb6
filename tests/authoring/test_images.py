"""Editor images: type by content, re-encoded without metadata, size-capped, alt text required, served under
generated names with their type and caching; lessons may show only those images."""
import io
import re

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from sqlalchemy import func, select

from lms.authoring.images import MAX_IMAGE_BYTES, ImageRefused, check_alt, clean_image
from lms.authoring.models import ContentImage
from lms.authoring.pipeline import check_files
from lms.curriculum.render import render_markdown
from tests.authoring.conftest import lesson, module_files
from tests.conftest import PASSWORD


def png(size=(8, 6), text: str | None = None) -> bytes:
    out = io.BytesIO()
    info = PngInfo()
    if text:
        info.add_text("Comment", text)
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"          # Make
    exif[0x8825] = {2: (40.0, 42.0, 0.0)}  # GPS latitude
    Image.new("RGB", (10, 10), (0, 90, 0)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_metadata_is_stripped_by_re_encoding():
    clean = clean_image(png(text="home address of the family"))
    assert b"home address" not in clean.data and clean.content_type == "image/png"
    assert (clean.width, clean.height) == (8, 6) and re.fullmatch(r"[0-9a-f]{32}\.png", clean.name)
    photo = clean_image(jpeg_with_gps())
    assert photo.content_type == "image/jpeg" and b"SecretCam" not in photo.data
    assert not Image.open(io.BytesIO(photo.data)).getexif()


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"<svg onload=alert(1)></svg>", "not a readable image"),
    (b"GIF89a" + b"\x00" * 20, "not a readable image"),
    (b"%PDF-1.7 pretending", "not a readable image"),
    (png()[:40], "not a readable image"),
    (b"\x89PNG" + b"x" * MAX_IMAGE_BYTES, "larger than"),
])
def test_what_is_not_an_acceptable_image_is_refused(data, message):
    with pytest.raises(ImageRefused, match=message):
        clean_image(data)


def test_a_decompression_bomb_is_refused_by_its_pixel_count():
    out = io.BytesIO()
    Image.new("1", (5000, 5000)).save(out, "PNG")
    with pytest.raises(ImageRefused, match="pixels"):
        clean_image(out.getvalue())


def test_a_bmp_named_png_is_refused_by_its_content():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "BMP")
    with pytest.raises(ImageRefused, match="BMP is not accepted"):
        clean_image(out.getvalue())


@pytest.mark.parametrize("alt", ["", "   ", "x" * 301, "a](javascript:alert(1)) [b", "nul\x00"])
def test_alt_text_is_required_and_plain(alt):
    with pytest.raises(ImageRefused):
        check_alt(alt)


def test_only_uploaded_image_addresses_survive_the_sanitizer():
    ok = "/content-images/" + "a" * 32 + ".png"
    html = render_markdown(f"![A drawing]({ok})\n\n![x](https://tracker.example/p.png)\n\n"
                           f"![y](/content-images/../../etc/passwd)\n\n<img src=\"{ok}\" onerror=alert(1)>").html
    assert html.count("<img") == 2 and "tracker" not in html and "passwd" not in html and "onerror" not in html


def test_the_content_check_requires_alt_text_and_uploaded_images():
    body = "\n\n![](/content-images/" + "b" * 32 + ".png)\n\n![A map](https://maps.example/x.png)\n"
    checked = check_files("03-talking", {**module_files(), "01-first.md": lesson("Lesson first", body)})
    messages = [(p.line, p.message) for p in checked.for_file("01-first.md")]
    assert any("needs alt text" in m for _, m in messages) and any("uploaded in the editor" in m for _, m in messages)
    assert all(line > 3 for line, _ in messages)


@pytest.mark.pg
def test_an_editor_uploads_an_image_and_anyone_with_its_address_gets_it(app, db, make_editor, center, talking):
    from lms.authoring.service import start_draft

    editor = make_editor()
    draft = start_draft(center_id=center.id, slug="talking", actor_id=editor.id)
    client = app.test_client()
    client.post("/signin", data={"email": editor.email, "password": PASSWORD})
    page = client.post(f"/centers/{center.slug}/authoring/drafts/{draft.id}/images",
                       data={"image": (io.BytesIO(png(text="gps")), "photo.png"), "alt": "A child's drawing",
                             "file": "01-first.md"},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    row = db.session.scalar(select(ContentImage))
    assert f"![A child&#39;s drawing](/content-images/{row.name})" in page
    served = app.test_client().get(f"/content-images/{row.name}")
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data == row.data
    assert "immutable" in served.headers["Cache-Control"] and served.headers["X-Content-Type-Options"] == "nosniff"
    signed_in = client.get(f"/content-images/{row.name}")
    assert "no-store" not in signed_in.headers["Cache-Control"]
    refused = client.post(f"/centers/{center.slug}/authoring/drafts/{draft.id}/images",
                          data={"image": (io.BytesIO(b"MZ\x90\x00 not an image"), "x.png"), "alt": "x"},
                          content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "not a readable image" in refused
    assert db.session.scalar(select(func.count(ContentImage.id))) == 1
    assert app.test_client().get("/content-images/" + "f" * 32 + ".png").status_code == 404
    assert app.test_client().get("/content-images/..%2f..%2fetc%2fpasswd").status_code == 404
