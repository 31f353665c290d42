"""`calendar [interview-id]`: the member's interviews as a calendar file."""

from __future__ import annotations

from bot.commands.ids import parse_short_id
from bot.commands.text import Reject, show, split_first
from bot.commands.types import CalendarFile


def parse_calendar(rest: str) -> CalendarFile:
    """Read `calendar` (everything upcoming) or `calendar <interview-id>` (that one)."""
    word, after = split_first(rest.strip())
    if not word:
        return CalendarFile()
    interview_id = parse_short_id(word)
    if interview_id is None or after.strip():
        # Anything else is refused rather than guessed: `calendar next week` would
        # otherwise quietly mean everything.
        raise Reject(
            f"`calendar {show(rest.strip())}` isn't a calendar form: write `calendar` for "
            "everything coming up, or `calendar <interview-id>` for one interview.",
            "calendar",
        )
    return CalendarFile(interview_id=interview_id)
