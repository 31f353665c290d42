"""Read a YAML pack with `yaml.SafeLoader`, remembering where every key and item came from.

PyYAML's plain `safe_load` forgets line numbers and silently keeps the last of two
duplicate keys; both would make content mistakes hard to find. This loader builds the
same plain values as `safe_load` (so packs stay ordinary YAML), but mappings and lists
carry the 1-based line of each key and item, and duplicate keys become problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml


class LocatedDict(dict[str, Any]):
    """A YAML mapping that knows its own line and the line of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """Return the line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A YAML sequence that knows its own line and the line of each item."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class LocatedStr(str):
    """A YAML string that knows the line its content starts on.

    `literal` is True for `|` block scalars, whose line breaks are kept as written, so a
    position inside the text maps to an exact line.
    """

    line: int
    literal: bool

    def line_at(self, offset: int) -> int:
        """Return the line of the character at `offset` (exact only for literal blocks)."""
        return self.line + (self[:offset].count("\n") if self.literal else 0)


@dataclass
class Problems:
    """Collects problems so a check can report everything at once, in file/line order."""

    found: list[tuple[str, int, str]] = field(default_factory=list)

    def add(self, file: str, line: int, message: str) -> None:
        """Record one problem at `file:line`."""
        self.found.append((file, line, message))

    @property
    def items(self) -> list[str]:
        """Return the problems as `file:line: message`, sorted by file, then line."""
        ordered = sorted(self.found, key=lambda p: (p[0], p[1]))  # stable: keeps ties' order
        return [f"{file}:{line}: {message}" for file, line, message in ordered]


def describe(value: object) -> str:
    """Name a loaded value's type the way a content author thinks of it."""
    if value is None:
        return "empty"
    if isinstance(value, bool):  # before int: bool is a subclass of int
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class _LocatingLoader(yaml.SafeLoader):
    """A SafeLoader whose mappings and sequences are Located*, with duplicate-key checks."""

    def __init__(self, text: str, file: str, problems: Problems) -> None:
        super().__init__(text)
        self.file = file
        self.problems = problems


def _construct_map(loader: _LocatingLoader, node: yaml.MappingNode) -> Iterator[LocatedDict]:
    data = LocatedDict(node.start_mark.line + 1)
    yield data  # yield first, like SafeConstructor, so anchors to this node resolve
    loader.flatten_mapping(node)  # applies `<<` merge keys exactly as safe_load does
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            loader.problems.add(loader.file, line, f"keys must be text, not {describe(key)}")
            continue
        if key in data:
            first = data.key_lines[key]
            loader.problems.add(loader.file, line, f"duplicate key {key!r} (first at line {first})")
            continue
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line


def _construct_seq(loader: _LocatingLoader, node: yaml.SequenceNode) -> Iterator[LocatedList]:
    data = LocatedList(node.start_mark.line + 1)
    yield data
    for item_node in node.value:
        data.append(loader.construct_object(item_node, deep=True))
        data.item_lines.append(item_node.start_mark.line + 1)


def _construct_str(loader: _LocatingLoader, node: yaml.ScalarNode) -> LocatedStr:
    value = LocatedStr(loader.construct_scalar(node))
    # A block scalar's mark is its `|` or `>` indicator; the text starts a line below.
    value.line = node.start_mark.line + 1 + (node.style in ("|", ">"))
    value.literal = node.style == "|"
    return value


_LocatingLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def load_located(path: Path, file: str, problems: Problems) -> object:
    """Parse one YAML file; problems (syntax, encoding, duplicates) go to `problems`.

    `file` is the name used in messages. Returns the document, or None when the file
    could not be read or parsed (the reason is already recorded).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(file, 1, f"cannot read the file: {exc}")
        return None
    loader = _LocatingLoader(text, file, problems)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = exc.problem or exc.context or "invalid YAML"
        problems.add(file, line, f"YAML syntax error: {what}")
    except yaml.YAMLError as exc:
        problems.add(file, 1, f"YAML error: {exc}")
    finally:
        loader.dispose()
    return None
