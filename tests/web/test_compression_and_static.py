"""Phones on slow connections: pages compressed, static files under content-hashed names cached as immutable."""
from __future__ import annotations

import gzip
import re

import brotli


def _stylesheet(html: str) -> str:
    return re.search(r'href="(/static/css/[^"]+)"', html).group(1)


def test_pages_are_sent_gzip_or_brotli_compressed_when_the_browser_accepts_it(client, signed_in_learner):
    client.get("/dashboard")  # shows (and clears) the signed-in message
    plain = client.get("/dashboard")
    gz = client.get("/dashboard", headers={"Accept-Encoding": "gzip, deflate, br"})
    br = client.get("/dashboard", headers={"Accept-Encoding": "br"})
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    assert gz.headers["Content-Encoding"] == "gzip" and br.headers["Content-Encoding"] == "br"
    assert brotli.decompress(br.data) == gzip.decompress(gz.data) == plain.data
    assert len(gz.data) < len(plain.data) / 2
    assert gz.headers["Cache-Control"] == "no-store" and "Content-Security-Policy" in gz.headers


def test_a_page_whose_query_string_could_be_reflected_is_not_compressed(client, signed_in_learner):
    """BREACH: attacker-chosen text and the CSRF token never share a compressed body."""
    response = client.get("/dashboard?next=guess", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in response.headers


def test_the_stylesheet_is_linked_by_a_content_hashed_name_and_cached_for_a_year_as_immutable(client, signed_in_learner):
    href = _stylesheet(client.get("/dashboard").get_data(as_text=True))
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", href)
    with client.get(href, headers={"Accept-Encoding": "br"}) as response:  # closes WhiteNoise's file
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
        assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert b"body" in brotli.decompress(response.data)


def test_the_plain_name_still_works_with_a_short_cache_life(client):
    with client.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "max-age=300, public"


def test_a_hashed_name_changes_when_the_file_changes(tmp_path):
    from lms.static_files import build

    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: black }" * 50)
    first = build(source, tmp_path / "out")["css/site.css"]
    assert build(source, tmp_path / "out")["css/site.css"] == first  # a second start-up changes nothing
    (source / "css" / "site.css").write_text("body { color: navy }" * 50)
    second = build(source, tmp_path / "out")
    assert second["css/site.css"] != first and (tmp_path / "out" / first).is_file()
    assert (tmp_path / "out" / "css" / "site.css").read_text().startswith("body { color: navy }")
    assert (tmp_path / "out" / (second["css/site.css"] + ".br")).is_file()


def test_files_that_are_not_text_are_linked_not_copied(tmp_path):
    from lms.static_files import build

    source = tmp_path / "static"
    (source / "fonts").mkdir(parents=True)
    (source / "fonts" / "Face.ttf").write_bytes(b"\0font" * 1000)
    hashed = build(source, tmp_path / "out")["fonts/Face.ttf"]
    for name in (hashed, "fonts/Face.ttf"):
        built = tmp_path / "out" / name
        assert built.read_bytes() == b"\0font" * 1000 and not built.with_name(built.name + ".gz").exists()
        assert built.stat().st_ino == (source / "fonts" / "Face.ttf").stat().st_ino
