"""`quiet <start>-<end> | off | status`: the member's quiet hours."""

from __future__ import annotations

import re

from bot.commands._when import take_clock
from bot.commands.text import Reject, nothing_after, show, split_first
from bot.commands.types import Command, QuietOff, QuietStatus, SetQuiet

_RANGE = re.compile(r"\s*(?:-|–|to|until)\s*", re.IGNORECASE)


def parse_quiet(rest: str) -> Command:
    """Read `quiet 21:00-08:00` (or `quiet 9pm to 7am`), `quiet off`, `quiet status`."""
    sub, args = split_first(rest)
    low = sub.lower()
    if low in ("", "status"):
        nothing_after(args, "quiet status")
        return QuietStatus()
    if low == "off":
        nothing_after(args, "quiet off")
        return QuietOff()
    text = rest.strip()
    if low == "on":
        text = args.strip()
    parts = _RANGE.split(text, maxsplit=1)
    if len(parts) != 2:
        raise Reject(f"`{show(text)}` isn't a range: write it like `quiet 21:00-08:00`.", "quiet")
    start, after_start = take_clock(parts[0], "quiet")
    end, after_end = take_clock(parts[1], "quiet")
    if start is None or end is None or after_start.strip() or after_end.strip():
        raise Reject("Write the two times like `quiet 21:00-08:00` or `quiet 10pm-7am`.", "quiet")
    if start == end:
        raise Reject("The start and end are the same: to stop quiet hours, `quiet off`.", "quiet")
    return SetQuiet(start=start, end=end)
