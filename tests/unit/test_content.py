"""Reading module folders: every problem is reported as file:line, nothing is half-read."""
from pathlib import Path

import pytest

from lms.contentfiles import ContentErrors
from lms.curriculum.content import parse_module, word_count
from lms.curriculum.loader import load_curriculum

GOOD_MODULE = """---
title: A module
summary: Short summary.
audiences: [officer]
estimated_minutes: 30
ce_hours: 1
objectives:
  - Describe one thing.
sources:
  - key: src-one
    text: Publisher. Title. 2020. https://example.org/one
---
Overview.
"""
GOOD_LESSON = """---
title: A lesson
---
## Part

Fact.[^src-one]
"""


def write_module(root: Path, module: str = GOOD_MODULE, lessons: dict | None = None, folder="01-a-module"):
    path = root / "curriculum" / folder
    path.mkdir(parents=True)
    (path / "module.md").write_text(module)
    for name, text in (lessons if lessons is not None else {"01-a-lesson.md": GOOD_LESSON}).items():
        (path / name).write_text(text)
    return path


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_curriculum(root / "curriculum", root / "quizzes")
    return [str(e) for e in caught.value.errors]


def test_a_valid_module_is_parsed_with_rendered_lessons_and_citations(tmp_path):
    write_module(tmp_path)
    [spec] = load_curriculum(tmp_path / "curriculum", tmp_path / "quizzes")
    assert spec.slug == "a-module" and spec.position == 1 and spec.ce_hours == 1.0
    lesson = spec.lessons[0]
    assert lesson.slug == "a-lesson" and lesson.cited == {"src-one"}
    assert "https://example.org/one" in lesson.html and 'class="footnote"' in lesson.html


def test_unknown_front_matter_key_is_reported_with_its_line(tmp_path):
    write_module(tmp_path, GOOD_MODULE.replace("ce_hours: 1\n", "ce_hours: 1\nobjective: typo\n"))
    assert errors_of(tmp_path) == [
        "curriculum/01-a-module/module.md:7: module.md: unknown key 'objective' (allowed: audiences, ce_category, "
        "ce_hours, completion, estimated_minutes, objectives, sources, summary, title)"]


def test_missing_required_keys_and_bad_values_are_all_reported_at_once(tmp_path):
    broken = GOOD_MODULE.replace("title: A module\n", "").replace("estimated_minutes: 30", "estimated_minutes: lots")
    broken = broken.replace("ce_hours: 1", "ce_hours: 1.25").replace("[officer]", "[sheriff]")
    write_module(tmp_path, broken)
    found = errors_of(tmp_path)
    text = "\n".join(found)
    assert "missing required key 'title'" in text
    assert "module.md:4: module.md: 'estimated_minutes' must be a whole number" in text
    assert "module.md:5: module.md: 'ce_hours' must be whole or half hours" in text
    assert "module.md:3: module.md: unknown audience 'sheriff'" in text


def test_citing_an_unknown_source_names_the_lesson_line(tmp_path):
    write_module(tmp_path, lessons={"01-a-lesson.md": GOOD_LESSON + "\nMore.[^nope]\n"})
    assert errors_of(tmp_path) == ["curriculum/01-a-module/01-a-lesson.md:8: footnote [^nope] is neither a "
                                   "source key in module.md nor defined in the lesson"]


def test_a_local_footnote_that_is_never_used_is_an_error(tmp_path):
    write_module(tmp_path, lessons={"01-a-lesson.md": GOOD_LESSON + "\n[^aside]: An aside.\n"})
    assert errors_of(tmp_path) == ["curriculum/01-a-module/01-a-lesson.md:8: footnote [^aside] is defined "
                                   "but never used"]


def test_broken_yaml_reports_the_line_of_the_problem(tmp_path):
    write_module(tmp_path, GOOD_MODULE.replace("audiences: [officer]", "audiences: [officer"))
    [error] = errors_of(tmp_path)
    assert error.startswith("curriculum/01-a-module/module.md:") and "invalid YAML" in error


def test_missing_front_matter_and_bad_file_names_are_reported(tmp_path):
    write_module(tmp_path, lessons={"01-a-lesson.md": "no front matter", "Lesson Two.md": GOOD_LESSON})
    found = errors_of(tmp_path)
    assert "curriculum/01-a-module/01-a-lesson.md:1: file must start with '---' front matter" in found
    assert "curriculum/01-a-module/Lesson Two.md:1: lesson file name must look like 'NN-slug.md'" in found


def test_a_level_one_heading_in_a_lesson_is_refused(tmp_path):
    write_module(tmp_path, lessons={"01-a-lesson.md": GOOD_LESSON.replace("## Part", "# Part")})
    assert errors_of(tmp_path) == ["curriculum/01-a-module/01-a-lesson.md:4: use '##' and below for headings; "
                                   "the lesson title comes from the front matter"]


def test_a_quiz_without_a_module_folder_is_reported(tmp_path):
    write_module(tmp_path)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "09-missing.yaml").write_text("module: 09-missing\n")
    assert errors_of(tmp_path) == ["quizzes/09-missing.yaml:1: no module folder curriculum/09-missing/ for this quiz"]


def test_non_utf8_files_are_reported_not_crashed_on(tmp_path):
    folder = write_module(tmp_path)
    (folder / "01-a-lesson.md").write_bytes(b"---\ntitle: \xff\xfe\n---\nx\n")
    [error] = errors_of(tmp_path)
    assert "01-a-lesson.md:2: not UTF-8 text" in error  # the line of the bad byte


def test_content_hash_changes_with_any_file_and_only_then(tmp_path):
    folder = write_module(tmp_path)
    first = parse_module(folder, root=tmp_path / "curriculum").content_hash
    assert parse_module(folder, root=tmp_path / "curriculum").content_hash == first
    (folder / "01-a-lesson.md").write_text(GOOD_LESSON + "\nOne more sentence.\n")
    assert parse_module(folder, root=tmp_path / "curriculum").content_hash != first


def test_word_count_ignores_code_and_footnote_definitions():
    assert word_count("One two three.\n\n```\nnot counted here\n```\n\n[^a]: Nor this.\n") == 3


def test_a_lesson_names_the_objectives_it_teaches_and_the_module_maps_them(tmp_path):
    lesson = GOOD_LESSON.replace("title: A lesson\n", "title: A lesson\nobjectives: [1]\n")
    write_module(tmp_path, lessons={"01-a-lesson.md": lesson, "02-other.md": GOOD_LESSON})
    [spec] = load_curriculum(tmp_path / "curriculum", tmp_path / "quizzes")
    assert spec.lessons[0].objectives == (1,) and spec.lessons[1].objectives == ()
    assert spec.objective_lessons == {1: ("a-lesson",)}


def test_a_lesson_objective_outside_the_module_list_is_an_error(tmp_path):
    lesson = GOOD_LESSON.replace("title: A lesson\n", "title: A lesson\nobjectives: [2]\n")
    write_module(tmp_path, lessons={"01-a-lesson.md": lesson})
    assert errors_of(tmp_path) == ["curriculum/01-a-module/01-a-lesson.md:3: lesson: 'objectives' must list "
                                   "objective numbers from 1 to 1 (the module's objectives, in order)"]


def test_claimed_minutes_far_from_reading_plus_quiz_time_give_a_warning_not_a_failure():
    from lms.curriculum.quality import minutes_warning, time_on_task

    assert time_on_task(4000, 10) == 30.0
    assert minutes_warning(60, 4000, 10) == (
        "estimated_minutes is 60, but 4000 words at 200 a minute and 10 quiz questions at a minute each come to "
        "about 30 minutes (more than 20% off)")
    assert minutes_warning(35, 4000, 10) is None and minutes_warning(25, 4000, 10) is None


def test_yaml_is_parsed_by_libyaml_when_present_with_the_same_values_and_lines():
    import yaml

    from lms.contentfiles import _FastLineLoader, load_yaml

    text = "title: Sample\nquestions:\n  - id: one\n    kind: single\n  - id: two\n    kind: multiple\n"
    data = load_yaml(text, "x.yaml", line_offset=2)
    assert data == {"title": "Sample", "questions": [{"id": "one", "kind": "single"},
                                                      {"id": "two", "kind": "multiple"}]}
    assert (data.line_of("questions"), data["questions"].line_of(1), data["questions"][1].line_of("kind")) == \
        (4, 7, 8)
    assert issubclass(_FastLineLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
