"""Draft files go through the file import's loader, validators and writing rules, with problems at their lines."""
import io
import zipfile

from lms.authoring.pipeline import check_files, preview_html, zip_bytes
from tests.authoring.conftest import lesson, module_files


def test_a_passing_module_is_publishable_and_hashes_like_its_files():
    checked = check_files("03-talking", module_files())
    assert checked.publishable
    assert [item.slug for item in checked.item.module.lessons] == ["first", "second", "third", "fourth"]


def test_a_bad_front_matter_key_is_reported_at_its_line_in_its_file():
    files = {**module_files(), "02-second.md": "---\ntitle: Two\nminuts: 3\n---\nText.[^guide]\n"}
    checked = check_files("03-talking", files)
    assert not checked.publishable
    [problem] = checked.for_file("02-second.md")
    assert problem.line == 3 and "unknown key 'minuts'" in problem.message


def test_writing_rules_are_the_content_checks():
    files = module_files()
    del files["04-fourth.md"]
    checked = check_files("03-talking", files)
    assert checked.item is not None and not checked.publishable
    assert any("lessons" in p.message and p.name == "module.md" for p in checked.rules)


def test_names_outside_the_layout_are_refused_before_anything_is_written():
    checked = check_files("03-talking", {**module_files(), "../evil.md": "x"})
    assert checked.item is None
    assert checked.errors[0].name == "../evil.md"


def test_preview_is_sanitized_like_the_import():
    hostile = lesson("Hostile", '\n\n<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))\n')
    files = {**module_files(), "01-first.md": hostile}
    checked = check_files("03-talking", files)
    html = preview_html(checked, "01-first.md", hostile)
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert "calm adult" in html


def test_preview_of_a_broken_file_still_renders_its_body():
    text = "---\ntitle: [unclosed\n---\n**bold** body\n"
    checked = check_files("03-talking", {**module_files(), "01-first.md": text})
    assert "<strong>bold</strong>" in preview_html(checked, "01-first.md", text)


def test_the_zip_holds_the_files_in_the_repository_layout():
    names = zipfile.ZipFile(io.BytesIO(zip_bytes("03-talking", {**module_files(), "quiz.yaml": "x"}))).namelist()
    assert "curriculum/03-talking/module.md" in names and "quizzes/03-talking.yaml" in names
