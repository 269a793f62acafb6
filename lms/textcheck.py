"""Characters no text the site stores may hold (pure: used by request checks and the content importer)."""
from __future__ import annotations

import re

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; lone surrogates; the two
# noncharacters U+FFFE/U+FFFF. PostgreSQL refuses NUL in text, and none of these belong in an HTML page.
DISALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_disallowed(text: str) -> bool:
    """True when `text` holds a character that no field, address or content file may contain."""
    return DISALLOWED.search(text) is not None


def describe(char: str) -> str:
    """A readable name for a disallowed character, e.g. 'U+0000 (NUL)'."""
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x0b": "vertical tab", "\x0c": "form feed"}
    code = f"U+{ord(char):04X}"
    return f"{code} ({names[char]})" if char in names else code
