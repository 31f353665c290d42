"""One reader of "when" for every command: text -> spec -> instant -> said back.

`take_when` reads (no clock, no zone: the grammar stays pure), `resolve` turns a spec
into a UTC instant for a member's zone at a given now, and `say_back` states the result in
full. `read_when` does all three for one phrase, which is what the phrasing table tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.when.errors import WhenError
from bot.when.reader import DEFAULT_AT, take_when
from bot.when.resolve import check_ahead, resolve
from bot.when.sayback import say_back
from bot.when.spec import When


@dataclass(frozen=True)
class Reading:
    """What a phrase was read as: the spec, its instant, the say-back, the words after it."""

    when: When
    instant: datetime
    said: str
    rest: str


def read_when(text: str, tz: str, now: datetime) -> Reading | None:
    """Read `text`'s when-phrase for a member in `tz` at `now`; None if it has none.

    Raises `WhenError` for what looks like a time but is not one, or is past or too far.
    """
    when, rest = take_when(text, default_at=DEFAULT_AT)
    if when is None:
        return None
    instant = resolve(when, tz, now)
    said = say_back(instant, tz, now)
    check_ahead(instant, now, said)
    return Reading(when=when, instant=instant, said=said, rest=rest)


__all__ = ["Reading", "WhenError", "read_when", "resolve", "say_back", "take_when"]
