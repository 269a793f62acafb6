"""A small valid quiz file (with known line numbers) and helpers to parse variants of it."""
from __future__ import annotations

import pytest

from lms.contentfiles import ContentErrors
from lms.quizzes.spec import QuizSpec
from lms.quizzes.validate import parse_quiz

PATH = "quizzes/01-sample.yaml"
SOURCE_KEYS = {"src-one", "src-two"}

GOOD = """\
module: 01-sample
title: Sample check
settings:
  pass_mark: 80
  attempts: 3
  shuffle_options: true
questions:
  - id: pick-one
    kind: single
    prompt: Pick one.
    sources: [src-one]
    options:
      - text: Right
        correct: true
        feedback: Because.
      - text: Wrong
        feedback: Because not.
  - id: pick-many
    kind: multiple
    prompt: Pick many.
    sources: [src-one, src-two]
    options:
      - {text: A, correct: true, feedback: Yes A.}
      - {text: B, correct: true, feedback: Yes B.}
      - {text: C, feedback: Not C.}
  - id: is-it
    kind: true_false
    prompt: Is it?
    answer: false
    sources: [src-one]
    feedback_true: No.
    feedback_false: Yes.
  - id: at-scene
    kind: scenario
    vignette: At a scene.
    sources: [src-two]
    start: first
    steps:
      first:
        prompt: First?
        options:
          - text: Good
            points: 2
            feedback: Good one.
            next: second
          - text: Bad
            points: 0
            feedback: Bad one.
            next: end
      second:
        prompt: Second?
        options:
          - {text: Good, points: 1, feedback: Fine.}
          - {text: Bad, points: 0, feedback: Not fine.}
"""


def parse(text: str = GOOD) -> QuizSpec:
    """Parse a quiz text as the sample module's quiz."""
    return parse_quiz(text, PATH, expected_module="01-sample", source_keys=SOURCE_KEYS)


def errors_of(text: str) -> list[str]:
    """The `file:line: message` strings a broken quiz text produces."""
    with pytest.raises(ContentErrors) as caught:
        parse(text)
    return [str(e) for e in caught.value.errors]


def edit(old: str, new: str, text: str = GOOD) -> str:
    """GOOD with one exact fragment replaced (the fragment must exist exactly once)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)
