"""`tz [zone]`: the grammar's side of `bot.when.zones` (cities, abbreviations, offsets)."""

from __future__ import annotations

from bot.commands.text import Reject, collapse
from bot.commands.types import SetTimezone, ShowTimezone
from bot.when import examples
from bot.when.errors import WhenError
from bot.when.zones import MAX_ZONE, looks_like_zone, read_zone, zones

__all__ = ["MAX_ZONE", "parse_tz", "zone_word", "zones"]


def _read(typed: str, form: str | None = None) -> SetTimezone:
    try:
        reading = read_zone(typed, examples.today())
    except WhenError as error:
        extra = {"suggestion": error.suggestion} if error.suggestion else {}
        raise Reject(error.message, form, **extra) from None
    return SetTimezone(zone=reading.zone, read_as=reading.read_as)


def parse_tz(rest: str) -> SetTimezone | ShowTimezone:
    """Read the arguments after `tz`: nothing shows the zone, a zone name sets it."""
    typed = collapse(rest)
    if not typed:
        return ShowTimezone()
    return _read(typed)


def zone_word(word: str, form: str) -> SetTimezone | None:
    """A zone named by one word after a time (`channel daily 10:00 Berlin`), or None.

    A word written like a zone that cannot be read is refused; any other word that is not
    a zone (a category) is None, for the caller to read as something else.
    """
    if not word:
        return None
    try:
        return _read(word, form)
    except Reject:
        if looks_like_zone(word):
            raise
        return None
