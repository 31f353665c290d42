"""The when-reader: the front of a line -> a `When` spec and the rest of the line.

Forms, in the order tried (the first that fits wins, so text after it stays the member's):
- a day, then an optional time: `2026-12-04 15:00`, `tomorrow at 9`, `friday 3pm`,
  `next monday at 10`, `on tuesday at 8am`, `dec 20 5pm`, `20 december 17:00`, `12/17`;
- a time, then a day: `5pm friday`, `noon tomorrow`, `14h friday` (before delays, so
  that `14h` followed by a day is a time of day, and `14h` alone 14 hours);
- a delay: `in 2 hours`, `20m`, `in half an hour`;
- `at <time>` (or `noon`, `midnight`) alone: the next time the clock shows it.
A bare `5pm` is asked back (today or tomorrow?) rather than guessed.
"""

from __future__ import annotations

from datetime import time

from bot.when._words import shown, split_first
from bot.when.clock import read_clock, take_clock
from bot.when.days import DayRef, take_day
from bot.when.delay import take_delay
from bot.when.errors import WhenError
from bot.when.spec import AfterDelay, AtLocal, DayOffsetAt, NextClock, OnMonthDay, OnWeekday, When

DEFAULT_AT = time(9, 0)
TONIGHT_AT = time(20, 0)
# Parts of the day, with an example time for each in the question back (never assumed).
_PARTS_OF_DAY = {"morning": "9am", "afternoon": "3pm", "evening": "7pm", "night": "9pm"}
MAX_WHEN = 80  # no when-phrase is longer; a longer run of words is someone's text


def spec_for(day: DayRef, at: time) -> When:
    """The spec of a day said at a local time."""
    if day.on is not None:
        return AtLocal(day.on, at)
    if day.offset is not None:
        return DayOffsetAt(day.offset, at)
    if day.weekday is not None:
        return OnWeekday(day.weekday, at, skip_today=day.skip_today)
    assert day.month_day is not None
    return OnMonthDay(day.month_day[0], day.month_day[1], at)


def _default_time(day: DayRef, default_at: time | None) -> time:
    if day.word == "tonight":
        return TONIGHT_AT
    if day.word == "today":
        raise WhenError("Say what time today, like `today 17:00` or `today 5pm`.")
    if default_at is None:
        raise WhenError(
            f"Add the start time after {shown(day.word)}, like `{shown(day.word)} 14:00`."
        )
    return default_at


def _refuse_part_of_day(day: DayRef, rest: str) -> None:
    """Refuse `tomorrow afternoon`: it names no time, so ask for one.

    Read as 09:00 with "afternoon" kept in the member's text, a reminder came at the
    wrong hour; the question back offers an example time instead of assuming one.
    """
    word = split_first(rest)[0].lower().rstrip(",.")
    if word in _PARTS_OF_DAY:
        said = f"{shown(day.word)} {word}"
        raise WhenError(
            f"Say what time {said}, like `{shown(day.word)} {_PARTS_OF_DAY[word]}`: "
            "I don't guess the hour."
        )


def _clock_then_day(text: str) -> tuple[When, str] | None:
    """`5pm friday`, `noon tomorrow`: a time, then the day it is on; None if not that."""
    try:
        at, rest = take_clock(text)
    except WhenError:
        return None
    if at is None:
        return None
    day, after = take_day(rest)
    return (spec_for(day, at), after) if day is not None else None


def take_when(
    text: str, *, default_at: time | None = DEFAULT_AT, delays: bool = True
) -> tuple[When | None, str]:
    """Read a when-spec from the front; None (and the text untouched) if none starts it.

    `default_at` is the time a day alone means (None: a time is required); `delays`
    False refuses `in 2 hours` (an interview is on a day, not after a delay).
    """
    when, rest, _ = take_when_timed(text, default_at=default_at, delays=delays)
    return when, rest


def take_when_timed(
    text: str, *, default_at: time | None = DEFAULT_AT, delays: bool = True
) -> tuple[When | None, str, bool]:
    """`take_when`, plus whether the member named the time (False: `default_at` was used).

    A time the bot filled in is the bot's to move out of quiet hours; one the member
    wrote is kept.
    """
    text = text.strip()
    day, rest = take_day(text)
    if day is not None:
        at, rest = take_clock(rest)
        if at is None:
            _refuse_part_of_day(day, rest)
            return spec_for(day, _default_time(day, default_at)), rest, day.word == "tonight"
        return spec_for(day, at), rest, True
    when, rest = _take_other(text, delays)
    return when, rest, True


def _take_other(text: str, delays: bool) -> tuple[When | None, str]:
    """The forms that do not start with a day: time then day, delay, `at <time>`."""
    clock_day = _clock_then_day(text)  # before delays: `14h friday` is 14:00, not 14 hours
    if clock_day is not None:
        return clock_day
    delay, rest = take_delay(text)
    if delay is not None:
        if not delays:
            raise WhenError("Say the day and time rather than a delay, like `tomorrow 14:00`.")
        return AfterDelay(delay), rest
    word = split_first(text)[0]
    try:
        at, rest = take_clock(text)
    except WhenError:
        if word.lower() == "at":
            raise
        return None, text  # `5 people to call`: not a time after all; the caller explains
    if at is None:
        return None, text
    day, after = take_day(rest)
    if day is not None:
        return spec_for(day, at), after
    if word.lower() in ("at", "noon", "midnight", "midday"):
        return NextClock(at), rest
    raise WhenError(
        f"Say which day: `today {shown(word)}`, `tomorrow {shown(word)}`, "
        f"or `at {shown(word)}` for the next {shown(word)}."
    )


def read_time_of_day(text: str) -> tuple[time | None, str]:
    """A time of day alone (`daily on 7:45`, `channel daily 10am`): the clock reader."""
    return take_clock(text)


__all__ = ["DEFAULT_AT", "MAX_WHEN", "TONIGHT_AT", "read_clock", "take_when", "take_when_timed"]
