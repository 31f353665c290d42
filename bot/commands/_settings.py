"""`name [<your name> | reset]` and `nudges on|off|status`: how prepbot works for you."""

from __future__ import annotations

from bot.commands.text import Reject, free_text, nothing_after, show, split_first
from bot.commands.types import (
    Command,
    NudgesOff,
    NudgesOn,
    NudgesStatus,
    SetSignName,
    ShowSignName,
)

MAX_SIGN_NAME = 120  # the members.sign_name column
_RESET = ("reset", "default", "clear")


def parse_name(rest: str) -> Command:
    """`name` shows it; `name reset` goes back to the platform's; else the new name."""
    if not rest.strip():
        return ShowSignName()
    if rest.strip().lower() in _RESET:
        return SetSignName(name=None)
    name = free_text(rest, what="your name", limit=MAX_SIGN_NAME, form="name")
    if not any(ch.isalpha() for ch in name):
        raise Reject(f"`{show(name)}` doesn't look like a name.", "name")
    return SetSignName(name=name)


def parse_nudges(rest: str) -> Command:
    """`nudges on|off|status` (alone: the status)."""
    sub, args = split_first(rest)
    sub = sub.lower()
    if sub in ("", "status"):
        nothing_after(args, f"nudges {sub or 'status'}")
        return NudgesStatus()
    if sub == "on":
        nothing_after(args, f"nudges {sub or 'status'}")
        return NudgesOn()
    if sub == "off":
        nothing_after(args, f"nudges {sub or 'status'}")
        return NudgesOff()
    raise Reject(
        f"`nudges {show(sub)}` isn't something I can do: use on, off or status.", "nudges status"
    )
