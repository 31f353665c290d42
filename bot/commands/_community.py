"""The community commands: `channel`, `pair`, `digest` and `admin`.

Who may run the admin forms is the handler's business (it knows the actor); the grammar
only checks their shape, the same for everyone.
"""

from __future__ import annotations

import re

from bot.commands._when import take_clock
from bot.commands._zones import zone_word
from bot.commands.text import Reject, collapse, free_text, nothing_after, show, split_first
from bot.commands.types import (
    AdminAiReview,
    AdminStats,
    ChannelDaily,
    ChannelOff,
    ChannelStatus,
    Command,
    DigestOff,
    DigestOn,
    DigestStatus,
    PairMet,
    PairOff,
    PairOn,
    PairSchedule,
    PairStatus,
)

MAX_CATEGORY = 60
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A round id is the ISO week it ran in: `2026-W11`.
ROUND_ID_RE = re.compile(r"(\d{4})-?w(\d{2})", re.IGNORECASE)
_YES = {"yes", "y", "met", "true"}
_NO = {"no", "n", "not", "false"}


def _weekday(word: str) -> int | None:
    """`monday`, `Mon`, `mondays` -> 0; None if it is not a weekday."""
    low = word.lower().removesuffix("s")
    if len(low) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(low):
            return index
    return None


def _clock_then_zone(args: str, form: str, what: str) -> tuple[ChannelDaily, str]:
    """Read `<HH:MM> [zone]` and return them with whatever follows."""
    at, rest = take_clock(args)
    if at is None:
        first = split_first(args)[0]
        if not first:
            raise Reject(f"Say when {what} runs, as HH:MM like `10:00`.", form)
        raise Reject(f"`{show(first)}` isn't a time: {what} needs HH:MM, like `10:00`.", form)
    word, after = split_first(rest)
    found = zone_word(word, form)
    zone = found.zone if found is not None else None
    return ChannelDaily(at=at, zone=zone), (after if zone is not None else rest)


def parse_channel(rest: str) -> Command:
    """Read `channel daily <HH:MM> [zone] [category] | off | status` (bare: status)."""
    sub, args = split_first(rest)
    sub = sub.lower()
    if sub in ("", "status"):
        nothing_after(args, "channel status")
        return ChannelStatus()
    if sub == "off":
        nothing_after(args, "channel off")
        return ChannelOff()
    if sub != "daily":
        raise Reject(
            f"`channel {show(sub)}` isn't a channel setting: use daily, off or status.", "channel"
        )
    daily, category_text = _clock_then_zone(args, "channel daily", "the daily post")
    category = None
    if collapse(category_text):
        category = free_text(
            category_text, what="a category", limit=MAX_CATEGORY, form="channel daily"
        ).lower()
    return ChannelDaily(at=daily.at, zone=daily.zone, category=category)


def _pair_met(args: str) -> PairMet:
    round_word, answer_text = split_first(args)
    match = ROUND_ID_RE.fullmatch(round_word)
    if match is None:
        raise Reject(
            "Say which round, like `pair met 2026-W11 yes` (the id is in the check-in).",
            "pair met",
        )
    answer = collapse(answer_text).lower()
    if answer not in _YES | _NO:
        raise Reject("Answer `yes` or `no`: did you and your partner meet?", "pair met")
    return PairMet(round_id=f"{match[1]}-W{match[2]}", met=answer in _YES)


def _pair_schedule(args: str) -> PairSchedule:
    day_word, rest = split_first(args)
    weekday = _weekday(day_word)
    if weekday is None:
        raise Reject(
            f"`{show(day_word)}` isn't a weekday: say one like monday or tue."
            if day_word
            else "Say the weekday and time, like `pair schedule monday 10:00`.",
            "pair schedule",
        )
    timing, after = _clock_then_zone(rest, "pair schedule", "the pairing round")
    if collapse(after):
        raise Reject(f"I don't understand `{show(after)}` after the time.", "pair schedule")
    return PairSchedule(weekday=weekday, at=timing.at, zone=timing.zone)


def parse_pair(rest: str) -> Command:
    """Read `pair on|off|status`, `pair schedule ...` and `pair met ...` (bare: status)."""
    sub, args = split_first(rest)
    sub = sub.lower()
    simple: dict[str, Command] = {"on": PairOn(), "off": PairOff(), "status": PairStatus()}
    if sub in simple:
        nothing_after(args, f"pair {sub}")
        return simple[sub]
    if sub == "":
        return PairStatus()
    if sub == "met":
        return _pair_met(args)
    if sub == "schedule":
        return _pair_schedule(args)
    raise Reject(
        f"`pair {show(sub)}` isn't a pairing command: use on, off, status, schedule or met.",
        "pair",
    )


def parse_digest(rest: str) -> Command:
    """Read `digest on|off` (bare `digest`: its status)."""
    sub, args = split_first(rest)
    sub = sub.lower()
    found: dict[str, Command] = {"on": DigestOn(), "off": DigestOff(), "": DigestStatus()}
    if sub not in found:
        raise Reject(f"`digest {show(sub)}` isn't a digest setting: use on or off.", "digest")
    nothing_after(args, f"digest {sub}".strip())
    return found[sub]


def parse_admin(rest: str) -> AdminStats | AdminAiReview:
    """Read `admin stats` (bare `admin` means the same) and `admin ai on|off|status`."""
    sub, args = split_first(rest)
    sub = sub.lower()
    if sub == "ai":
        setting, after = split_first(args)
        setting = setting.lower() or "status"
        if setting not in ("on", "off", "status"):
            raise Reject(
                f"`admin ai {show(setting)}` isn't a setting: use on, off or status.", "admin ai"
            )
        nothing_after(after, "admin ai")
        return AdminAiReview(setting=setting)
    if sub not in ("", "stats"):
        raise Reject(
            f"`admin {show(sub)}` isn't an admin command: use `admin stats` or `admin ai`.",
            "admin",
        )
    nothing_after(args, "admin stats")
    return AdminStats()
