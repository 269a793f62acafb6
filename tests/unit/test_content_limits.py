"""Content import refuses oversized files, control characters and bad UTF-8, naming file and line."""
import pytest

from lms.contentfiles import MAX_FILE_BYTES, ContentErrors
from lms.publishing import load_content
from tests.unit.test_content import GOOD_LESSON, GOOD_MODULE, errors_of, write_module

LESSON = "curriculum/01-a-module/01-a-lesson.md"


def test_a_lesson_larger_than_the_limit_is_refused(tmp_path):
    write_module(tmp_path, lessons={"01-a-lesson.md": GOOD_LESSON + "Words. " * (MAX_FILE_BYTES // 7 + 1)})
    [error] = errors_of(tmp_path)
    assert error.startswith(f"{LESSON}:1: file is ") and f"the limit is {MAX_FILE_BYTES:,}" in error


def test_nul_bytes_and_other_control_characters_are_reported_with_their_lines(tmp_path):
    write_module(tmp_path, lessons={"01-a-lesson.md": GOOD_LESSON + "\nA NUL\x00 here.\nAn escape \x1b[31m.\n"})
    assert errors_of(tmp_path) == [f"{LESSON}:8: control character U+0000 (NUL) in column 6",
                                   f"{LESSON}:9: control character U+001B (ESC) in column 11"]


def test_a_control_character_in_a_module_file_is_refused(tmp_path):
    write_module(tmp_path, GOOD_MODULE.replace("Overview.", "Over\x7fview."))
    assert errors_of(tmp_path) == ["curriculum/01-a-module/module.md:13: control character U+007F (DEL) in column 5"]


def test_bad_utf8_names_the_line_it_is_on(tmp_path):
    path = write_module(tmp_path)
    (path / "01-a-lesson.md").write_bytes(GOOD_LESSON.encode() + b"\nline eight \xff\n")
    [error] = errors_of(tmp_path)
    assert error.startswith(f"{LESSON}:8: not UTF-8 text")


def test_a_quiz_file_with_a_nul_byte_is_refused(tmp_path):
    write_module(tmp_path)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "01-a-module.yaml").write_text("module: 01-a-module\x00\n")
    with pytest.raises(ContentErrors) as caught:
        load_content(tmp_path / "curriculum", tmp_path / "quizzes")
    assert [str(e) for e in caught.value.errors] == [
        "quizzes/01-a-module.yaml:1: control character U+0000 (NUL) in column 20"]
