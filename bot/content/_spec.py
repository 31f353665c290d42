"""A small declarative schema language for the YAML packs, and its validator.

Specs are plain frozen dataclasses (Text, ListOf, Record); `validate` walks a value
loaded by `_yaml` against one and records each mismatch as `file:line: message`.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.content._yaml import LocatedDict, LocatedList, LocatedStr, Problems, describe

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Text:
    """A text value: length-limited, optionally a slug, markup or placeholder rules."""

    max_len: int
    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""
    markup: bool = False  # inline *bold* and _italic_ allowed (else plain text only)
    multiline: bool = False
    placeholders: frozenset[str] | None = None  # str.format fields (None: braces are text)


@dataclass(frozen=True)
class Number:
    """A number between `low` and `high` (inclusive); `integer` refuses fractions."""

    low: float
    high: float
    integer: bool = False


@dataclass(frozen=True)
class ListOf:
    """A list whose every item matches `item`."""

    item: Spec
    min_items: int = 0


@dataclass(frozen=True)
class Field:
    """One key of a `Record`."""

    spec: Spec
    required: bool = True


@dataclass(frozen=True)
class Record:
    """A mapping with a fixed set of keys; `what` names it in messages."""

    what: str
    fields: Mapping[str, Field]
    one_of: tuple[str, ...] = field(default=())  # at least one of these keys must be set


Spec = Text | Number | ListOf | Record


def slug(max_len: int = 40) -> Text:
    """Return the spec of a lower-case id such as `beh-conflict-01`."""
    return Text(max_len, _SLUG, "lower-case letters, digits and single hyphens")


def opt(spec: Spec) -> Field:
    """Return an optional key of `spec`."""
    return Field(spec, required=False)


def validate(value: object, spec: Spec, file: str, line: int, name: str, out: Problems) -> None:
    """Check `value` (found at `file:line`, called `name` in messages) against `spec`."""
    if isinstance(spec, Record):
        _validate_record(value, spec, file, line, name, out)
    elif isinstance(spec, ListOf):
        if not isinstance(value, LocatedList):
            out.add(file, line, f"{name} must be a list, not {describe(value)}")
            return
        if len(value) < spec.min_items:
            out.add(file, line, f"{name} needs at least {spec.min_items} item(s)")
        for index, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True)):
            validate(item, spec.item, file, item_line, f"{name} item {index + 1}", out)
    elif isinstance(spec, Number):
        for message in number_problems(value, spec):
            out.add(file, line, f"{name} {message}")
    else:
        for offset, message in text_problems(value, spec):
            if isinstance(value, LocatedStr):  # point into the text when we can
                line = value.line_at(offset)
            out.add(file, line, f"{name} {message}")


def _validate_record(
    value: object, spec: Record, file: str, line: int, name: str, out: Problems
) -> None:
    if not isinstance(value, LocatedDict):
        out.add(file, line, f"{name} must be a {spec.what} (a mapping), not {describe(value)}")
        return
    suggested: set[str] = set()
    for key in value:
        if key not in spec.fields:
            hint = difflib.get_close_matches(key, spec.fields, n=1)
            guess = f"; did you mean {hint[0]!r}?" if hint else ""
            suggested.update(hint)
            known = ", ".join(spec.fields)
            out.add(
                file, value.line_of(key), f"unknown key {key!r} in {spec.what} ({known}){guess}"
            )
    for key, fld in spec.fields.items():
        if key in value:
            validate(value[key], fld.spec, file, value.line_of(key), repr(key), out)
        elif fld.required and key not in suggested:  # a typo is reported once, above
            out.add(file, value.line, f"{spec.what} is missing required key {key!r}")
    if spec.one_of and not any(key in value for key in spec.one_of):
        keys = " or ".join(repr(key) for key in spec.one_of)
        out.add(file, value.line, f"{spec.what} needs {keys}")


def number_problems(value: object, spec: Number) -> list[str]:
    """List what is wrong with one number (a threshold or a count in a rules file)."""
    # bool is an int to Python, but `yes` in a threshold is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [f"must be a number, not {describe(value)}"]
    if spec.integer and not isinstance(value, int):
        return [f"must be a whole number, not {value}"]
    if not spec.low <= value <= spec.high:
        return [f"is {value}; it must be between {spec.low:g} and {spec.high:g}"]
    return []


def text_problems(value: object, spec: Text) -> list[tuple[int, str]]:
    """List what is wrong with one text value, each with its offset into the value.

    The caller adds the file, the line and which key; the offset lets it point at the
    exact line inside a multi-line body.
    """
    if not isinstance(value, str):
        return [(0, f"must be text, not {describe(value)}")]
    text = value.strip()
    found: list[str] = []
    if not text:
        found.append("must not be empty")
    if len(text) > spec.max_len:
        found.append(f"is {len(text)} characters; the limit is {spec.max_len}")
    if spec.pattern is not None and not spec.pattern.fullmatch(text):
        found.append(f"{text!r} must be {spec.pattern_hint}")
    if not spec.multiline and "\n" in text:
        found.append("must be a single line")
    at_fields: list[tuple[int, str]] = []
    if spec.placeholders is not None:
        for name, message in placeholder_problems(value, spec.placeholders):
            at_fields.append((max(value.find("{" + name), 0), message))
        text = re.sub(r"\{\w*\}", "", text)  # field names like {job_title} are not markup
    if spec.pattern is None:  # a pattern (ids, word lists) already says what may appear
        found.extend(_markup_problems(text, allowed=spec.markup))
    return [(0, message) for message in found] + at_fields


def _markup_problems(text: str, *, allowed: bool) -> list[str]:
    # Slack mrkdwn and Discord markdown differ; only single *bold* and _italic_ render
    # the same on both (adapters translate them), so anything else is refused.
    if not allowed:
        return ["must be plain text (no * _ or `)"] if re.search(r"[*_`]", text) else []
    if re.search(r"`|\*\*|__|~~|\]\(", text):
        return ["uses markup other than *bold* and _italic_"]
    if text.count("*") % 2 or len(re.findall(r"(?<![a-z0-9])_|_(?![a-z0-9])", text)) % 2:
        return ["has an unclosed *bold* or _italic_ mark"]
    return []


def placeholder_problems(text: str, allowed: frozenset[str]) -> list[tuple[str, str]]:
    """List (field name, problem) for the `{name}` fields of a str.format template."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        return [("", f"has a broken placeholder ({exc}); write a literal brace as {{{{ or }}}}")]
    found: list[tuple[str, str]] = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            found.append((name, f"uses unknown placeholder {{{name}}} (allowed: {known})"))
        elif spec or conversion:
            found.append((name, f"placeholder {{{name}}} must not have a format spec"))
    return found


def placeholders_in(text: str) -> frozenset[str]:
    """Return the field names a valid template uses."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
