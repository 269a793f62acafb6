"""How a certificate states its hours: one wording per layout, everywhere (PDF, verify page, email, badge)."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

# One wording per layout, everywhere a certificate's hours are stated (PDF, verify page, email, badge).
HOURS_WORDS: Mapping[str | None, tuple[str, str]] = MappingProxyType({
    "post": ("training hour", "training hours"),
    "ce": ("continuing education (CE) contact hour", "continuing education (CE) contact hours"),
    None: ("hour", "hours"),
})


def hours_number(hours: Any) -> str:
    """Hours as printed: '6', '6.5', '1.25'."""
    return format(Decimal(str(hours)).normalize(), "f")


def hours_words(hours: Any, layout: str | None = None) -> str:
    """The words after the number: singular for exactly one hour ('1 training hour', '1.5 training hours')."""
    singular, plural = HOURS_WORDS.get(layout, HOURS_WORDS[None])
    return singular if Decimal(str(hours)) == 1 else plural


def hours_phrase(hours: Any, layout: str | None = None) -> str:
    """'7 training hours', '1 continuing education (CE) contact hour', '2.5 hours'."""
    return f"{hours_number(hours)} {hours_words(hours, layout)}"
