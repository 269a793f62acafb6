"""Certificate PDFs fetch nothing but bundled files and data: URLs, and embed no file (checklist 3)."""
from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from lms.certificates.documents.render import BundledFetcher, FetchRefused, Renderer, RenderTimeout
from tests.certificates.conftest import pdf_text
from tests.support.certificate_samples import render_naive, sample_snapshot

PASSWD_LINE = "root:x:0:0"
ATTACKS = [
    "<img src=file:///etc/passwd>",
    '<link rel=attachment href="file:///etc/passwd">',
    "<div style=\"background: url('http://169.254.169.254/latest/meta-data/')\">x</div>",
    "</p><style>@import url(https://evil.example/x.css); body { background: url(http://169.254.169.254/) }</style>",
    '<svg><image href="file:///etc/passwd"/></svg>',
]
ALLOWED_PREFIXES = ("data:image/png;base64,", "data:image/svg+xml;base64,", "lms-static:fonts/")


def hostile_snapshots(attack: str) -> list:
    """The attack in every free-text field a center or learner controls, in both layouts."""
    post = sample_snapshot("post", learner_name=attack, program_title=f"Program {attack}",
                           center_name=f"Center {attack}", signatory_name=attack, signatory_title=attack,
                           objectives=[attack], modules=[attack],
                           accreditation={"post_course_number": attack, "post_authority": attack})
    ce = sample_snapshot("ce", learner_name=attack, center_region=attack, accreditation={
        key: attack for key in ("provider_name", "provider_number", "approval_statement", "category",
                                "delivery_format", "course_level")})
    return [post, ce]


def embedded_files(pdf: bytes) -> list[str]:
    """Every way a PDF could carry a file: the EmbeddedFiles name tree, /AF, file attachment annotations."""
    reader = pypdf.PdfReader(io.BytesIO(pdf), strict=True)
    found = []
    root = reader.trailer["/Root"]
    if "/Names" in root and "/EmbeddedFiles" in root["/Names"]:
        found.append("/EmbeddedFiles")
    if "/AF" in root:
        found.append("/AF")
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append("/FileAttachment")
    return found


@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_fields_fetch_nothing_and_embed_nothing(attack):
    renderer = Renderer()
    for snapshot in hostile_snapshots(attack):
        for pdf in (renderer.render(snapshot), renderer.render_direct(snapshot)):
            assert not renderer.fetcher.refused
            assert renderer.fetcher.requested
            assert all(url.startswith(ALLOWED_PREFIXES) for url in renderer.fetcher.requested)
            assert embedded_files(pdf) == []
            text = pdf_text(pdf)
            assert PASSWD_LINE not in text
            assert "file:///etc/passwd" in text or "169.254.169.254" in text  # shown as text, not fetched


def test_the_naive_baseline_is_just_as_closed():
    pdf = render_naive(hostile_snapshots(ATTACKS[1])[0])
    assert embedded_files(pdf) == [] and PASSWD_LINE not in pdf_text(pdf)


def test_hostile_html_through_the_fetcher_is_refused_and_aborts_the_render():
    for html in ('<img src="file:///etc/passwd">', '<link rel="attachment" href="file:///etc/passwd">',
                 '<p style="background: url(http://169.254.169.254/)">x</p>',
                 '<link rel="stylesheet" href="https://evil.example/x.css">'):
        fetcher = BundledFetcher()
        with pytest.raises(FatalURLFetchingError):
            HTML(string=html, url_fetcher=fetcher).write_pdf()
        assert fetcher.refused and not fetcher.requested[0].startswith(ALLOWED_PREFIXES)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "FILE:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
    "https://example.org/font.ttf", "ftp://example.org/x", "lms-static:../../../../etc/passwd",
    "lms-static:fonts/../../certificates/documents/render.py", "lms-static:/etc/passwd", "lms-static:fonts/missing.ttf",
    "lms-static:fonts/LICENSE", "lms-static:fonts\\..\\..\\x.ttf", "lms-static:", "javascript:alert(1)",
    "data:" + "A" * 300_000,
])
def test_fetcher_refuses_everything_but_bundled_files_and_data(url):
    fetcher = BundledFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused


def test_fetcher_serves_bundled_fonts_and_data_urls():
    fetcher = BundledFetcher()
    font = fetcher.fetch("lms-static:fonts/DejaVuSerif.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_a_symlink_out_of_the_static_folder_is_refused(tmp_path: Path):
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "evil.ttf").symlink_to("/etc/passwd")
    with pytest.raises(FetchRefused):
        BundledFetcher(tmp_path).fetch("lms-static:fonts/evil.ttf")


def test_render_time_is_bounded():
    with pytest.raises(RenderTimeout):
        Renderer(timeout=0.001).render(sample_snapshot(program_title="A program laid out too slowly"))


def test_the_time_bound_leaves_an_outer_alarm_alone():
    import signal

    from lms.certificates.documents.render import time_bound

    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        with time_bound(5):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    assert 90 < remaining <= 100


def test_render_time_is_bounded_off_the_main_thread_too():
    """The task worker renders in threads, where SIGALRM does nothing."""
    import threading

    outcome = []

    def render() -> None:
        try:
            Renderer(timeout=0.001).render(sample_snapshot(program_title="Laid out in a worker thread"))
            outcome.append("finished")
        except RenderTimeout as error:
            outcome.append(str(error))

    worker = threading.Thread(target=render)
    worker.start()
    worker.join(timeout=120)
    assert outcome and "time bound" in outcome[0]


def test_a_block_that_ends_in_time_is_not_interrupted_later():
    import time

    from lms.certificates.documents.render import time_bound

    with time_bound(0.05):
        pass
    time.sleep(0.2)  # a stray asynchronous exception would surface here
