"""The detail clauses of `interview`: `for <duration>` / `until <time>`, `at <place>`, `format`.

Each reader takes its clause off the text and returns what it read, so the interview
grammar stays one pipeline: date, time, length, then company [as title] [at place]
[format ...] [with people]. A clause that is there but unreadable is refused with the
right form, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta

from bot.commands._when import take_clock
from bot.commands.text import Reject, free_text, show, split_first
from bot.content.schema import FORMAT_IDS

MAX_LENGTH = timedelta(hours=12)
MAX_PLACE = 200  # the interviews.place column (String(200))
FORMATS = FORMAT_IDS
_FORMAT_ALIASES = {
    "work sample": "work-sample",
    "worksample": "work-sample",
    "on-site": "onsite",
    "on site": "onsite",
    "lunch": "meal",
    "dinner": "meal",
}
_DURATION = re.compile(
    r"(?P<n>[0-9]{1,3}(?:\.[0-9])?)\s*(?P<unit>h|hr|hrs|hour|hours|m|min|mins|minute|minutes)",
    re.IGNORECASE,
)
_HOURS_MINUTES = re.compile(r"(?P<h>[0-9]{1,2})h(?P<m>[0-9]{1,2})(?:m|min)?", re.IGNORECASE)
# `format` then one or two words at the very end (after the company, title and place).
_FORMAT = re.compile(r"\sformat\s+(?P<word>\S+(?:\s+\S+)?)\s*$", re.IGNORECASE)
_LINK = re.compile(r"https?://[^\s<>|*`~]+", re.IGNORECASE)


@dataclass(frozen=True)
class Length:
    """How long an interview lasts: a duration, or the local time it ends."""

    duration: timedelta | None = None
    until: time | None = None


def read_duration(text: str) -> timedelta:
    """`90 minutes`, `1.5 hours`, `2h`, `1h30`: a positive length of at most 12 hours."""
    cleaned = text.strip().lower()
    if match := _HOURS_MINUTES.fullmatch(cleaned.replace(" ", "")):
        length = timedelta(hours=int(match["h"]), minutes=int(match["m"]))
    elif match := _DURATION.fullmatch(cleaned):
        amount = float(match["n"])
        unit = timedelta(hours=1) if match["unit"].startswith("h") else timedelta(minutes=1)
        length = amount * unit
    else:
        raise Reject(
            f"`{show(text)}` isn't a length I can read: write `for 90 minutes`, `for 2h` "
            "or `until 16:00`.",
            "interview",
        )
    if length <= timedelta(0):
        raise Reject("An interview lasts more than zero minutes.", "interview")
    if length > MAX_LENGTH:
        raise Reject(
            "That is longer than 12 hours: for a day of several interviews, add each one.",
            "interview",
        )
    return length


def take_length(rest: str) -> tuple[Length, str]:
    """Read an optional `for <duration>` or `until <time>` from the front of `rest`."""
    word, after = split_first(rest)
    if word.lower() == "until":
        ends, remaining = take_clock(after)
        if ends is None:
            raise Reject("Say when it ends after `until`, like `until 16:00`.", "interview")
        return Length(until=ends), remaining
    if word.lower() != "for":
        return Length(), rest
    number, remaining = split_first(after)
    unit, tail = split_first(remaining)
    # "for 90 minutes" is two words, "for 2h" or "for 1h30" one.
    if unit.lower().rstrip("s") in ("hour", "minute", "min", "hr", "h", "m"):
        return Length(duration=read_duration(f"{number} {unit}")), tail
    return Length(duration=read_duration(number)), remaining


def take_format(head: str) -> tuple[str, str | None]:
    """Take a trailing `format <kind>` off `head`: (the rest, the format or None)."""
    match = _FORMAT.search(head)
    if match is None:
        return head, None
    word = " ".join(match["word"].lower().split())
    found = _FORMAT_ALIASES.get(word, word)
    if found not in FORMATS:
        raise Reject(
            f"`{show(match['word'])}` isn't a format I know: {', '.join(FORMATS)}.", "interview"
        )
    return head[: match.start()], found


def read_place(text: str) -> str:
    """A place or a video link: one link on its own, or plain words (no markup)."""
    place = free_text(text, what="the place after `at`", limit=MAX_PLACE, form="interview")
    links = _LINK.findall(place)
    if links and (len(links) > 1 or links[0] != place):
        raise Reject("Give the video link on its own after `at`, or the address as words.")
    return place


def is_link(place: str) -> bool:
    """Whether a stored place is a video link (shown as code, so it never unfurls)."""
    return _LINK.fullmatch(place) is not None
