"""A module that passes every writing rule, written to a temporary content folder the app reads."""
from __future__ import annotations

from pathlib import Path

import pytest

MODULE_MD = """---
title: Talking with children after a call
summary: What to say to a child at the scene.
audiences: [officer, clinician]
estimated_minutes: 40
completion: lessons
objectives:
  - Describe what a child needs at the scene.
  - Explain why calm words help.
  - Identify who to call next.
  - Apply the steps on a call.
sources:
  - key: guide
    text: Example Publisher. *A Guide for Responders*. 2024. https://example.org/guide
---
This module is for **responders**.
"""

SENTENCE = "The child needs a calm adult who speaks at eye level and tells the truth. "

BOX = '\n\n!!! local-resources "Resources in your area"\n    - **988 Suicide & Crisis Lifeline:** call or text 988\n'


def lesson(title: str, extra: str = "") -> str:
    """A lesson of about 560 plain words citing the module's source."""
    body = (SENTENCE * 20) + "\n\nThis is known from research.[^guide]\n\n" + (SENTENCE * 20) + extra
    return f"---\ntitle: {title}\n---\n## Part one\n\n{body}\n"


def module_files() -> dict[str, str]:
    """The files of a module that passes `flask lms content check`."""
    files = {"module.md": MODULE_MD}
    for n, slug in enumerate(["first", "second", "third", "fourth"], start=1):
        files[f"{n:02d}-{slug}.md"] = lesson(f"Lesson {slug}", BOX if slug == "fourth" else "")
    return files


@pytest.fixture
def content_dir(tmp_path_factory) -> Path:
    """A content tree holding the passing module (folder 03-talking)."""
    root = tmp_path_factory.mktemp("content")
    folder = root / "curriculum" / "03-talking"
    folder.mkdir(parents=True)
    (root / "quizzes").mkdir()
    for name, text in module_files().items():
        (folder / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def app_overrides(content_dir):
    """The app reads the passing module's folder as its content."""
    return {"CURRICULUM_DIR": str(content_dir / "curriculum"), "QUIZZES_DIR": str(content_dir / "quizzes")}


@pytest.fixture
def talking(app, content_dir):
    """The passing module imported as version 1."""
    from lms.publishing import import_content

    return import_content(content_dir / "curriculum", content_dir / "quizzes")


@pytest.fixture
def make_editor(db, make_user):
    """Factory: a user of `role` at the center whom the site admin made a curriculum editor (shared modules)."""

    def factory(role: str = "trainer", **kwargs):
        user = make_user(role, **kwargs)
        user.is_curriculum_editor = True
        db.session.commit()
        return user

    return factory
