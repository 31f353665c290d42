"""The phrasing table of issue 15: what members type, and what it must be read as.

`NOW_LOCAL` is Thursday 3 Dec 2026, 12:00 on the member's own clock. Each row is the
phrase and the local day and time it means, which is the same in every zone at that
local "now" (no zone of the table changes its clocks that week), so the table runs in
Berlin, New York and Sydney alike: both hemispheres, and Sydney in its summer time.
The DST rows have their own "now" in a week the clocks change.
"""

from __future__ import annotations

import re
from datetime import datetime

NOW_LOCAL = datetime(2026, 12, 3, 12, 0)
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney")

READ: list[tuple[str, str]] = [
    # ISO dates
    ("2026-12-04 15:00", "Fri 4 Dec, 15:00"),
    ("2026-12-04 3pm", "Fri 4 Dec, 15:00"),
    ("2026-12-4 15:00", "Fri 4 Dec, 15:00"),
    ("2026-12-04", "Fri 4 Dec, 09:00"),
    ("2026-12-04 at 15:00", "Fri 4 Dec, 15:00"),
    ("on 2026-12-04 at 3pm", "Fri 4 Dec, 15:00"),
    ("2027-01-04 10:00", "Mon 4 Jan 2027, 10:00"),
    ("2026-12-03 17:00", "Thu 3 Dec, 17:00"),
    # today, tonight, tomorrow
    ("today 17:00", "Thu 3 Dec, 17:00"),
    ("today 5pm", "Thu 3 Dec, 17:00"),
    ("today at 5pm", "Thu 3 Dec, 17:00"),
    ("today at 17", "Thu 3 Dec, 17:00"),
    ("tonight", "Thu 3 Dec, 20:00"),
    ("tonight 10pm", "Thu 3 Dec, 22:00"),
    ("tonight at 9pm", "Thu 3 Dec, 21:00"),
    ("tomorrow", "Fri 4 Dec, 09:00"),
    ("tomorrow 9am", "Fri 4 Dec, 09:00"),
    ("tomorrow at 9", "Fri 4 Dec, 09:00"),
    ("tomorrow at 9am", "Fri 4 Dec, 09:00"),
    ("tomorrow 14h", "Fri 4 Dec, 14:00"),
    ("tomorrow 14h30", "Fri 4 Dec, 14:30"),
    ("tomorrow 2pm", "Fri 4 Dec, 14:00"),
    ("tomorrow 2 pm", "Fri 4 Dec, 14:00"),
    ("tomorrow 2 p.m.", "Fri 4 Dec, 14:00"),
    ("tomorrow 14:00", "Fri 4 Dec, 14:00"),
    ("tomorrow at 14:30", "Fri 4 Dec, 14:30"),
    ("tomorrow noon", "Fri 4 Dec, 12:00"),
    ("tomorrow at noon", "Fri 4 Dec, 12:00"),
    ("tmrw 9am", "Fri 4 Dec, 09:00"),
    ("Tomorrow 9AM", "Fri 4 Dec, 09:00"),
    ("tomorrow 7:45pm", "Fri 4 Dec, 19:45"),
    ("tomorrow 7.45pm", "Fri 4 Dec, 19:45"),
    ("tomorrow 12am", "Fri 4 Dec, 00:00"),
    ("tomorrow 12pm", "Fri 4 Dec, 12:00"),
    ("tomorrow 00:00", "Fri 4 Dec, 00:00"),
    ("tomorrow 23:59", "Fri 4 Dec, 23:59"),
    # weekdays, with and without next/this/on
    ("friday 3pm", "Fri 4 Dec, 15:00"),
    ("fri 3pm", "Fri 4 Dec, 15:00"),
    ("Friday 15:00", "Fri 4 Dec, 15:00"),
    ("friday at 3pm", "Fri 4 Dec, 15:00"),
    ("on friday at 3pm", "Fri 4 Dec, 15:00"),
    ("this friday 3pm", "Fri 4 Dec, 15:00"),
    ("next friday 3pm", "Fri 4 Dec, 15:00"),
    ("friday", "Fri 4 Dec, 09:00"),
    ("on friday", "Fri 4 Dec, 09:00"),
    ("Friday 3 pm", "Fri 4 Dec, 15:00"),
    ("FRIDAY 3PM", "Fri 4 Dec, 15:00"),
    ("monday 10am", "Mon 7 Dec, 10:00"),
    ("mon 10am", "Mon 7 Dec, 10:00"),
    ("next monday at 10", "Mon 7 Dec, 10:00"),
    ("on monday 9am", "Mon 7 Dec, 09:00"),
    ("monday 12:30", "Mon 7 Dec, 12:30"),
    ("monday at midnight", "Mon 7 Dec, 00:00"),
    ("on tuesday at 8am", "Tue 8 Dec, 08:00"),
    ("tue 8am", "Tue 8 Dec, 08:00"),
    ("tues 8am", "Tue 8 Dec, 08:00"),
    ("wednesday 14h", "Wed 9 Dec, 14:00"),
    ("wed 2pm", "Wed 9 Dec, 14:00"),
    ("weds 2pm", "Wed 9 Dec, 14:00"),
    ("thursday 3pm", "Thu 3 Dec, 15:00"),
    ("this thursday 3pm", "Thu 3 Dec, 15:00"),
    ("thurs 5pm", "Thu 3 Dec, 17:00"),
    ("thursday 9am", "Thu 10 Dec, 09:00"),
    ("thu 11:59", "Thu 10 Dec, 11:59"),
    ("thursday", "Thu 10 Dec, 09:00"),
    ("next thursday 3pm", "Thu 10 Dec, 15:00"),
    ("sat 9:30", "Sat 5 Dec, 09:30"),
    ("saturday 9:30am", "Sat 5 Dec, 09:30"),
    ("this sat 9am", "Sat 5 Dec, 09:00"),
    ("sunday noon", "Sun 6 Dec, 12:00"),
    ("sun 6pm", "Sun 6 Dec, 18:00"),
    ("next sunday 10am", "Sun 6 Dec, 10:00"),
    # month names, both orders, with or without a year
    ("dec 20 5pm", "Sun 20 Dec, 17:00"),
    ("dec 20 17:00", "Sun 20 Dec, 17:00"),
    ("dec 20th 5pm", "Sun 20 Dec, 17:00"),
    ("december 20 5pm", "Sun 20 Dec, 17:00"),
    ("20 december 17:00", "Sun 20 Dec, 17:00"),
    ("20 dec 17:00", "Sun 20 Dec, 17:00"),
    ("20th december 5pm", "Sun 20 Dec, 17:00"),
    ("dec 20", "Sun 20 Dec, 09:00"),
    ("on dec 20 at 5pm", "Sun 20 Dec, 17:00"),
    ("Dec. 20 5pm", "Sun 20 Dec, 17:00"),
    ("dec 20, 5pm", "Sun 20 Dec, 17:00"),
    ("dec 20 2026 5pm", "Sun 20 Dec, 17:00"),
    ("dec 20, 2026 5pm", "Sun 20 Dec, 17:00"),
    ("20 december 2026 17:00", "Sun 20 Dec, 17:00"),
    ("dec 20 at 17h", "Sun 20 Dec, 17:00"),
    ("20 dec at 5pm", "Sun 20 Dec, 17:00"),
    ("Jan 5 9:15", "Tue 5 Jan 2027, 09:15"),
    ("january 5 9:15am", "Tue 5 Jan 2027, 09:15"),
    ("5 jan 9:15", "Tue 5 Jan 2027, 09:15"),
    ("5 january 2027 09:15", "Tue 5 Jan 2027, 09:15"),
    ("feb 28 10:00", "Sun 28 Feb 2027, 10:00"),
    ("mar 1 8am", "Mon 1 Mar 2027, 08:00"),
    ("sept 1 9am", "Wed 1 Sep 2027, 09:00"),
    ("jun 15 14:00", "Tue 15 Jun 2027, 14:00"),
    ("nov 30 10am", "Tue 30 Nov 2027, 10:00"),
    ("dec 3 5pm", "Thu 3 Dec, 17:00"),
    ("dec 3 9am", "Fri 3 Dec 2027, 09:00"),
    ("dec 24 at noon", "Thu 24 Dec, 12:00"),
    ("dec 31 23:59", "Thu 31 Dec, 23:59"),
    ("jan 1 midnight", "Fri 1 Jan 2027, 00:00"),
    # numeric dates: a day above 12 decides the order
    ("12/17 10:00", "Thu 17 Dec, 10:00"),
    ("17/12 10:00", "Thu 17 Dec, 10:00"),
    ("12/17/2026 10:00", "Thu 17 Dec, 10:00"),
    ("17/12/2026 10:00", "Thu 17 Dec, 10:00"),
    ("12/17", "Thu 17 Dec, 09:00"),
    ("12/12 10am", "Sat 12 Dec, 10:00"),
    ("1/13 9am", "Wed 13 Jan 2027, 09:00"),
    ("13/1 9am", "Wed 13 Jan 2027, 09:00"),
    ("12/25 at noon", "Fri 25 Dec, 12:00"),
    ("10am 12/17", "Thu 17 Dec, 10:00"),
    # delays
    ("in 2 hours", "Thu 3 Dec, 14:00"),
    ("in 2h", "Thu 3 Dec, 14:00"),
    ("2h", "Thu 3 Dec, 14:00"),
    ("in 2 hrs", "Thu 3 Dec, 14:00"),
    ("in 120 minutes", "Thu 3 Dec, 14:00"),
    ("in 30 minutes", "Thu 3 Dec, 12:30"),
    ("in 30 min", "Thu 3 Dec, 12:30"),
    ("30m", "Thu 3 Dec, 12:30"),
    ("in 45m", "Thu 3 Dec, 12:45"),
    ("in 10 minutes", "Thu 3 Dec, 12:10"),
    ("in an hour", "Thu 3 Dec, 13:00"),
    ("in one hour", "Thu 3 Dec, 13:00"),
    ("in a minute", "Thu 3 Dec, 12:01"),
    ("in half an hour", "Thu 3 Dec, 12:30"),
    ("in an hour and a half", "Thu 3 Dec, 13:30"),
    ("in 1.5 hours", "Thu 3 Dec, 13:30"),
    ("in 90 min", "Thu 3 Dec, 13:30"),
    ("in 1 day", "Fri 4 Dec, 12:00"),
    ("in 3 days", "Sun 6 Dec, 12:00"),
    ("3d", "Sun 6 Dec, 12:00"),
    ("in 1 week", "Thu 10 Dec, 12:00"),
    ("1w", "Thu 10 Dec, 12:00"),
    ("in 2 weeks", "Thu 17 Dec, 12:00"),
    ("in 2 hours 30 minutes", "Thu 3 Dec, 14:30"),
    ("in 1 hour and 15 minutes", "Thu 3 Dec, 13:15"),
    # at <time>: the next time the clock shows it
    ("at 5pm", "Thu 3 Dec, 17:00"),
    ("at 17:00", "Thu 3 Dec, 17:00"),
    ("at 17", "Thu 3 Dec, 17:00"),
    ("at 5 pm", "Thu 3 Dec, 17:00"),
    ("at 12:01", "Thu 3 Dec, 12:01"),
    ("at 14h", "Thu 3 Dec, 14:00"),
    ("at 14h30", "Thu 3 Dec, 14:30"),
    ("at 9am", "Fri 4 Dec, 09:00"),
    ("at 9", "Fri 4 Dec, 09:00"),
    ("at 11:59", "Fri 4 Dec, 11:59"),
    ("at noon", "Fri 4 Dec, 12:00"),
    ("at midnight", "Fri 4 Dec, 00:00"),
    ("noon", "Fri 4 Dec, 12:00"),
    ("midnight", "Fri 4 Dec, 00:00"),
    # a time, then the day
    ("5pm friday", "Fri 4 Dec, 17:00"),
    ("5pm tomorrow", "Fri 4 Dec, 17:00"),
    ("9am monday", "Mon 7 Dec, 09:00"),
    ("noon tomorrow", "Fri 4 Dec, 12:00"),
    ("3pm on friday", "Fri 4 Dec, 15:00"),
    ("at 3pm on friday", "Fri 4 Dec, 15:00"),
    ("at 9 tomorrow", "Fri 4 Dec, 09:00"),
    ("14h friday", "Fri 4 Dec, 14:00"),
    ("9:30 sat", "Sat 5 Dec, 09:30"),
    ("15:00 dec 20", "Sun 20 Dec, 15:00"),
]

# (zone, local now, phrase, say-back): weeks in which the clocks change.
DST: list[tuple[str, datetime, str, str]] = [
    # Berlin springs forward Sun 29 Mar 2026, 02:00 -> 03:00.
    ("Europe/Berlin", datetime(2026, 3, 26, 12), "sunday 2:30am", "Sun 29 Mar, 03:30"),
    ("Europe/Berlin", datetime(2026, 3, 26, 12), "mar 29 02:00", "Sun 29 Mar, 03:00"),
    ("Europe/Berlin", datetime(2026, 3, 26, 12), "sunday 9am", "Sun 29 Mar, 09:00"),
    ("Europe/Berlin", datetime(2026, 3, 26, 12), "in 3 days", "Sun 29 Mar, 13:00"),
    ("Europe/Berlin", datetime(2026, 3, 26, 12), "monday at 8", "Mon 30 Mar, 08:00"),
    # Berlin falls back Sun 25 Oct 2026, 03:00 -> 02:00: 02:30 comes once, the first time.
    ("Europe/Berlin", datetime(2026, 10, 22, 12), "sunday 2:30am", "Sun 25 Oct, 02:30"),
    ("Europe/Berlin", datetime(2026, 10, 22, 12), "in 3 days", "Sun 25 Oct, 11:00"),
    # New York springs forward Sun 8 Mar 2026.
    ("America/New_York", datetime(2026, 3, 5, 12), "sunday 2:30am", "Sun 8 Mar, 03:30"),
    ("America/New_York", datetime(2026, 3, 5, 12), "in 1 week", "Thu 12 Mar, 13:00"),
    ("America/New_York", datetime(2026, 3, 5, 12), "monday 9am", "Mon 9 Mar, 09:00"),
    # Sydney (southern hemisphere) falls back Sun 5 Apr 2026 and springs forward 4 Oct.
    ("Australia/Sydney", datetime(2026, 4, 2, 12), "sunday 2:30am", "Sun 5 Apr, 02:30"),
    ("Australia/Sydney", datetime(2026, 4, 2, 12), "in 3 days", "Sun 5 Apr, 11:00"),
    ("Australia/Sydney", datetime(2026, 10, 1, 12), "sunday 2:30am", "Sun 4 Oct, 03:30"),
    ("Australia/Sydney", datetime(2026, 10, 1, 12), "oct 4 9am", "Sun 4 Oct, 09:00"),
]

# (phrase, part of the refusal): never a traceback, never a default hour with text kept.
REFUSED: list[tuple[str, str]] = [
    ("tomorrow 25h", "isn't a time of day"),
    ("tomorrow 24:00", "isn't a time of day"),
    ("tomorrow 13pm", "isn't a time of day"),
    ("tomorrow 9:60", "isn't a time of day"),
    ("at 25:00", "isn't a time of day"),
    ("0001-01-01 00:00", "before 1900"),
    ("1899-12-31 10:00", "before 1900"),
    ("9999-12-31 23:59", "too far ahead"),
    ("2028-01-01 10:00", "more than a year"),
    ("2026-02-30 10:00", "no date"),
    ("feb 30 10am", "no date"),
    ("31/31 10am", "no month"),
    ("03/04 10:00", "could be mar 4 or 3 apr"),
    ("2026-12-02 10:00", "already passed"),
    ("today 9am", "already passed"),
    ("in 400 days", "more than a year"),
    ("in 0 minutes", "more than zero"),
    ("in soon", "couldn't read that delay"),
    ("in 2 fortnights", "couldn't read that delay"),
    ("5pm", "Say which day"),
    ("today", "Say what time today"),
    ("feb 29 10am", "doesn't come within the next year"),
    # A part of the day is not a time: asked, never 09:00 with "afternoon" left in the text.
    ("tomorrow afternoon", "what time"),
    ("tomorrow morning", "what time"),
    ("friday evening", "what time"),
]


# How the interview forms (Slack's modal, Discord's) take the table: an interview is on a
# day at a time, so a delay is refused, and so is a day with no time (never 09:00 silently).
DAY_ONLY = {"2026-12-04", "tomorrow", "friday", "on friday", "thursday", "dec 20", "12/17"}


def form_refusal(phrase: str) -> str | None:
    """What an interview form says to a phrase of READ; None if it reads it."""
    if phrase in DAY_ONLY:
        return "Add the start time"
    if phrase.startswith("in ") or re.fullmatch(r"[0-9]+[mhdw]", phrase):
        return "rather than a delay"
    return None
