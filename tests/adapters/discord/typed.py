"""How a member enters a `/prep` line in Discord's UI: a subcommand and its options.

The contract cases are written as `/prep` text; this maps each line to what a member
picks and types in Discord (subcommand, options, or the interview form). A word that
is no subcommand is sent the way a stale Discord client would send it: as a subcommand
this bot no longer has.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.discord.forms import DAY_LABEL, START_LABEL
from bot.commands._when import _CLOCK_LIKE, is_date, take_when
from bot.commands.grammar import parse
from bot.commands.ids import parse_short_id
from bot.commands.types import AddInterview
from tests.adapters.discord.payloads import option


def _split(text: str) -> tuple[str, str]:
    head, _, rest = text.strip().partition(" ")
    return head.lower(), rest.strip()


def _opts(**values: str | None) -> list[dict[str, Any]]:
    return [option(name, value) for name, value in values.items() if value]


def _daily(rest: str) -> list[dict[str, Any]]:
    action, after = _split(rest)
    if action not in ("on", "off", "status", "skip"):
        action, after = "on", rest
    first, more = _split(after)
    if first and _CLOCK_LIKE.fullmatch(first):
        return [option("action", action), *_opts(time=first, category=more)]
    return [option("action", action), *_opts(category=after)]


def _thanks(rest: str) -> list[dict[str, Any]]:
    words = rest.split()
    interview = words.pop() if words and parse_short_id(words[-1]) else None
    if words and words[0].lower() == "sent":
        return _opts(sent=" ".join(words[1:]), interview=interview)
    return _opts(interview=interview)


def _followup(rest: str) -> list[dict[str, Any]]:
    match = re.match(r"(in \d+ \w+|\S+)\s*(#\w+)?\s*(.*)", rest)
    if match is None or not (
        is_date(match[1]) or match[1].startswith("in ") or match[1] == "tomorrow"
    ):
        return _opts(when=rest)
    return _opts(when=match[1], interview=match[2], note=match[3])


def _remind(rest: str) -> list[dict[str, Any]]:
    _, text = take_when(rest)
    when = rest[: len(rest) - len(text)].strip() if text else rest
    return _opts(when=when, text=text)


def _community(word: str, rest: str) -> list[dict[str, Any]]:
    action, after = _split(rest)
    parts = after.split()
    if word == "digest":
        return _opts(action=action)
    if word == "admin":
        return _opts(action=f"{action} {after}".strip() if action else None)
    if word == "pair" and action == "met":
        return _opts(action="met", round=parts[0] if parts else None, met=" ".join(parts[1:]))
    named: dict[str, str | None] = {"action": action}
    if word == "pair" and parts:
        named["weekday"] = parts.pop(0).lower()
    if parts and _CLOCK_LIKE.fullmatch(parts[0]):
        named["time"] = parts.pop(0)
    if parts and "/" in parts[0]:
        named["zone"] = parts.pop(0)
    if parts and word == "channel":
        named["category"] = " ".join(parts)
    return _opts(**named)


def options_for(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The subcommand and options a member fills in for `/prep <text>`."""
    word, rest = _split(text)
    simple = {
        "help": "command",
        "second-round": "topic",
        "question": "category",
        "tz": "zone",
        "quiet": "hours",
        "answer": "text",
    }
    if word in simple:
        return word, _opts(**{simple[word]: rest})
    if word == "daily":
        return word, _daily(rest)
    if word == "thanks":
        return word, _thanks(rest)
    if word == "followup":
        return word, _followup(rest)
    if word == "remind":
        return word, _remind(rest)
    if word in ("reminders", "interviews"):
        action, after = _split(rest)
        return word, _opts(action=action, id=after)
    if word == "stories":
        action, after = _split(rest)
        if action == "add":
            title, _, text = after.partition("|")
            return word, _opts(action="add", title=title.strip(), text=text.strip())
        if action == "edit":
            story, more = _split(after)
            field, value = _split(more)
            return word, _opts(action="edit", id=story, field=field, text=value)
        if action == "attach":
            answer, more = _split(after)
            target, story = _split(more)
            if target == "to":
                return word, _opts(action="attach", answer=answer, id=story)
            return word, _opts(action="attach", answer=answer, title=more)
        if action == "show" or parse_short_id(action):
            return word, _opts(action="show", id=after if action == "show" else action)
        if action == "delete":
            return word, _opts(action="delete", id=after)
        return word, _opts(action=action)
    if word == "practice":
        if rest.lower() == "cancel":
            return word, _opts(action="cancel")
        return word, _opts(category=rest)
    if word == "review" and rest.lower() in ("on", "off", "status", ""):
        # No subcommand of its own: an action of `practice` (Discord's 25-subcommand cap).
        return "practice", _opts(action=f"review {rest.lower() or 'status'}")
    if word == "privacy":
        return word, _opts(action=rest)
    if word in ("channel", "pair", "digest", "admin"):
        return word, _community(word, rest)
    return word, _opts(text=rest)  # not a subcommand: a stale client's command


def form_values(text: str) -> dict[str, str] | None:
    """The interview form's fields for an `interview ...` line, by field label."""
    parsed = parse(text)
    if not isinstance(parsed, AddInterview):
        return None
    people = ", ".join(f"{p.name} ({p.role})" if p.role else p.name for p in parsed.interviewers)
    return {
        DAY_LABEL: parsed.on.isoformat() if parsed.on else text.split()[1],
        START_LABEL: parsed.at.strftime("%H:%M"),
        "Company": parsed.company,
        "Job title (optional)": parsed.job_title or "",
        "Interviewers: Name (role), Name (role)": people,
    }
