"""Reading content files (markdown front matter, YAML) with line numbers for `file:line: message` errors.

Pure: no Flask, no database. Both the curriculum importer and the quiz parser build on this.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from lms.textcheck import DISALLOWED, describe

MAX_FILE_BYTES = 256 * 1024  # a long lesson is about 10 KB; anything near this is a mistake


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in a content file, reported as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentErrors(Exception):
    """Raised with every problem found, so nothing is imported when anything is wrong."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class LineDict(dict):
    """A mapping that remembers the 1-based line of itself and of each key."""

    line: int = 1
    key_lines: dict

    def line_of(self, key) -> int:
        """Line of `key` in the file, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers the 1-based line of itself and of each item."""

    line: int = 1
    item_lines: list

    def line_of(self, index: int) -> int:
        """Line of item `index`, or of the list itself."""
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry their line numbers."""

    line_offset = 0


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same on libyaml's parser when PyYAML has it (several times faster); its error wording differs, so
    a file it refuses is parsed again by _LineLoader for the message."""

    line_offset = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return result


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_content_file(path: Path, shown: str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """A content file's UTF-8 text; too large, not UTF-8 or holding control characters raises ContentErrors
    with the file and line of each problem."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ContentErrors([ContentError(shown, 1, f"file is {size:,} bytes; the limit is {max_bytes:,}")])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentErrors([ContentError(shown, line, f"not UTF-8 text ({exc.reason})")]) from None
    errors = [ContentError(shown, number, f"control character {describe(match.group())} in column {match.start() + 1}")
              for number, line in enumerate(text.split("\n"), start=1)
              for match in [DISALLOWED.search(line)] if match]
    if errors:
        raise ContentErrors(errors)
    return text


def load_yaml(text: str, path: str, line_offset: int = 0):
    """Parse YAML into LineDict/LineList values; a syntax error becomes ContentErrors with its line."""
    loader = _FastLineLoader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.YAMLError:
        pass  # reported below, in the pure-Python parser's words
    finally:
        loader.dispose()
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentErrors([ContentError(path, line, f"invalid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise ContentErrors([ContentError(path, line_offset + 1, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()


def split_front_matter(text: str, path: str) -> tuple[LineDict, str, int]:
    """Split `---` YAML front matter from a markdown body: (front matter, body, first body line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentErrors([ContentError(path, 1, "file must start with '---' front matter")])
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            meta = load_yaml("".join(lines[1:index]), path, line_offset=1)
            if meta is None:
                meta = LineDict()
                meta.line, meta.key_lines = 2, {}
            if not isinstance(meta, LineDict):
                raise ContentErrors([ContentError(path, 2, "front matter must be a mapping of keys")])
            return meta, "".join(lines[index + 1:]), index + 2
    raise ContentErrors([ContentError(path, 1, "front matter is not closed by a '---' line")])


class Checker:
    """Collects errors for one file; helpers check types and keys of LineDict values."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[ContentError] = []

    def error(self, line: int, message: str) -> None:
        """Record one problem at `line`."""
        self.errors.append(ContentError(self.path, line, message))

    def keys(self, mapping: LineDict, *, required: set[str], optional: set[str], where: str) -> None:
        """Report missing required keys and unknown keys of a mapping."""
        for key in sorted(required - mapping.keys()):
            self.error(mapping.line, f"{where}: missing required key '{key}'")
        allowed = required | optional
        for key in mapping:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.error(mapping.line_of(key), f"{where}: unknown key '{key}' (allowed: {hint})")

    def mapping(self, value, line: int, where: str) -> LineDict | None:
        """Return value if it is a mapping, else record an error."""
        if isinstance(value, LineDict):
            return value
        self.error(line, f"{where} must be a mapping of keys")
        return None

    def text(self, mapping: LineDict, key: str, where: str, *, max_len: int = 20000) -> str | None:
        """Return a non-empty string value, else record an error."""
        value = mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(mapping.line_of(key), f"{where}: '{key}' must be non-empty text")
            return None
        if len(value) > max_len:
            self.error(mapping.line_of(key), f"{where}: '{key}' is longer than {max_len} characters")
            return None
        return value.strip()

    def number(self, mapping: LineDict, key: str, where: str, *, low: float, high: float,
               whole: bool = True) -> float | int | None:
        """Return a number within [low, high], else record an error."""
        value = mapping.get(key)
        if value is None:
            return None
        kind = int if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            noun = "a whole number" if whole else "a number"
            self.error(mapping.line_of(key), f"{where}: '{key}' must be {noun} from {low:g} to {high:g}")
            return None
        return value

    def flag(self, mapping: LineDict, key: str, where: str, default: bool = False) -> bool:
        """Return a true/false value, else record an error and return the default."""
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            self.error(mapping.line_of(key), f"{where}: '{key}' must be true or false")
            return default
        return value
