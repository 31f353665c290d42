"""Shared pieces of the reliability suite: hostile text, renderer checks, figures.

No tests here. `check_reply` renders one reply the three ways a member can see it (plain
text, Slack Block Kit, Discord embeds) and proves each is within the platform's limits
and can never mention, link or format from member text. `FIGURES` collects the numbers
the issue asks for; `conftest.py` prints them at the end of the run.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from adapters.discord.render import render_reply
from adapters.discord.views import build_view
from adapters.slack.render import MESSAGE_TEXT, render_messages
from bot.commands.text import collapse, normalise
from bot.plaintext import render_plain
from bot.replies import Reply
from tests.adapters.slack.blockkit import plain as slack_plain
from tests.fakes.discord_api import message_problems
from tests.fakes.slack_api import validate_blocks


def shown(text: str) -> str:
    """How single-line member text is stored and shown: normalised, spaces squeezed."""
    return collapse(normalise(text))


# --- renderer checks ---

# Mentions Discord would act on, once code spans are set aside.
_DISCORD_MENTION = re.compile(
    r"@(everyone|here)\b|<@[!&]?\d+>|<#\d+>|<@&|</[^>\n]+:\d+>|<t:-?\d+|<a?:\w+:\d+>|<id:"
)
_DISCORD_LINK = re.compile(r"(?<!\\)\[[^\]\n]*\]\([^)\n]*\)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_SLACK_SPECIAL = re.compile(r"<[!@#]|<https?:")
_RICH_ALLOWED = {"text", "emoji"}
_SHARED_BY = re.compile(r"Shared by <@[UW][A-Z0-9]{2,20}>")


def visible(markdown: str) -> str:
    """What a reader sees of our Discord markdown: small print, bold marks and escapes
    gone. Discord's backslash escapes only ASCII punctuation; a zero-width space shows
    as nothing."""
    text = re.sub(r"^-# ", "", markdown, flags=re.MULTILINE)
    return re.sub(r"\\([!-/:-@\[-`{-~])|\*\*|\u200b", lambda m: m.group(1) or "", text)


@dataclass
class Rendered:
    """One reply as each platform shows it (for 'shown literally' assertions)."""

    plain: str
    slack: str
    discord: str


def _walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def check_slack_message(blocks: list[dict[str, Any]], text: str) -> str:
    """One Slack message as sent: valid, escaped, literal; returns what a member reads."""
    assert validate_blocks(blocks) == [], validate_blocks(blocks)
    assert len(text) <= MESSAGE_TEXT
    # The notification text is mrkdwn: escaped, so no `<!here>` or `<@U..>` survives.
    assert "<" not in text, text
    for obj in _walk(blocks):
        kind = obj.get("type")
        if kind == "mrkdwn" and _SHARED_BY.fullmatch(obj["text"]):
            continue  # the adapter's own mention of who shared (a checked user id)
        if kind == "mrkdwn":
            assert obj.get("verbatim") is True, obj
            assert not _SLACK_SPECIAL.search(obj["text"]), obj["text"]
            assert "<" not in obj["text"], obj["text"]
        elif kind in ("rich_text_section", "rich_text_preformatted", "rich_text_quote"):
            kinds = {part.get("type") for part in obj.get("elements", [])}
            # No `user`, `broadcast`, `channel` or `link` element is ever built.
            assert kinds <= _RICH_ALLOWED, kinds
    return slack_plain(blocks)


def _check_slack(reply: Reply) -> str:
    messages = render_messages(reply)
    assert messages, "Slack render produced no message"
    return "\n".join(check_slack_message(m.blocks, m.text) for m in messages)


def _discord_strings(embed: dict[str, Any]) -> list[str]:
    strings = [embed.get("title") or "", embed.get("description") or ""]
    for item in embed.get("fields") or []:
        strings += [item.get("name") or "", item.get("value") or ""]
    return strings


def check_discord_message(payload: dict[str, Any], *, has_files: bool = False) -> str:
    """One Discord message body: valid, no mention or link from text; returns what shows."""
    problems = message_problems(payload, has_files=has_files)
    assert problems == [], problems
    assert not payload.get("content"), payload.get("content")  # embeds only: never a ping
    shown_parts: list[str] = []
    for embed in payload.get("embeds") or []:
        for text in _discord_strings(embed):
            outside_code = _CODE_SPAN.sub("", text)
            assert not _DISCORD_MENTION.search(outside_code), text
            assert not _DISCORD_LINK.search(outside_code), text
            shown_parts.append(visible(text))
    for row in payload.get("components") or []:
        shown_parts += [button.get("label") or "" for button in row.get("components") or []]
    return "\n".join(shown_parts)


def _check_discord(reply: Reply) -> str:
    messages = render_reply(reply)
    assert messages, "Discord render produced no message"
    shown_parts: list[str] = []
    for outgoing in messages:
        view = build_view(outgoing.buttons)
        payload: dict[str, Any] = {
            "embeds": [embed.to_dict() for embed in outgoing.embeds],
            "components": view.to_components() if view is not None else [],
        }
        shown_parts.append(
            check_discord_message(payload, has_files=outgoing.attachment is not None)
        )
    return "\n".join(shown_parts)


def check_reply(reply: Reply) -> Rendered:
    """Render `reply` for every platform and assert each is safe and within limits."""
    assert isinstance(reply, Reply)
    return Rendered(
        plain=render_plain(reply), slack=_check_slack(reply), discord=_check_discord(reply)
    )


INTERNAL_ERROR = "Something went wrong on my side"
GRAMMAR_NET = "Sorry, I couldn't read that."


def assert_not_internal(reply: Reply) -> None:
    """The reply is a real answer, not the safety net's apology."""
    text = render_plain(reply)
    assert INTERNAL_ERROR not in text, text
    assert GRAMMAR_NET not in text, text


class ErrorLogs(logging.Handler):
    """Collects ERROR (and worse) records: an answered command must log none."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> ErrorLogs:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().removeHandler(self)


# --- the figures the issue asks for ---


@dataclass
class Figures:
    """Counts gathered while the suite runs (printed by conftest at the end)."""

    fuzz_cases: Counter[str] = field(default_factory=Counter)
    scenarios: list[str] = field(default_factory=list)
    lost: int = 0
    crash_duplicates: list[tuple[str, int, int]] = field(default_factory=list)
    graceful_duplicates: list[tuple[str, int]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary, one figure per line."""
        out = [
            f"fuzz cases run: {sum(self.fuzz_cases.values())} "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.fuzz_cases.items()))})",
            f"fault scenarios survived: {len(self.scenarios)}",
            f"messages lost: {self.lost}",
        ]
        out += [f"  - {name}" for name in self.scenarios]
        out += [
            f"duplicates after hard kill ({name}): {dups} (bound {bound})"
            for name, dups, bound in self.crash_duplicates
        ]
        out += [
            f"duplicates after graceful stop ({name}): {dups}"
            for name, dups in self.graceful_duplicates
        ]
        return out


FIGURES = Figures()
