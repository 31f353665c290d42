"""Render a core `Reply` as Slack messages: Block Kit pages within Slack's limits.

The blocks themselves come from `_blocks`; here they are paged into messages of at most
50 blocks (100 for a view) and a bounded size, so a guide too long for one message is
split across several instead of being refused. Each message carries notification text
(the reply's summary, escaped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from adapters.slack._blocks import ACTION_ID_RE, FIELD_TEXT, LINK_ACTION_RE, render_blocks
from adapters.slack.text import clip, escape, plain, text_object
from bot import replies
from bot.replies import Reply

__all__ = [
    "ACTION_ID_RE",
    "LINK_ACTION_RE",
    "MAX_BLOCKS",
    "MESSAGE_TEXT",
    "VIEW_MAX_BLOCKS",
    "SlackMessage",
    "fallback_text",
    "render_blocks",
    "render_messages",
    "render_view_blocks",
]

# Slack's limits (design.md), and one of our own: MESSAGE_CHARS keeps a message readable
# and well inside Slack's undocumented cap on a message's total size.
MAX_BLOCKS = 50
VIEW_MAX_BLOCKS = 100
MESSAGE_TEXT = 4000
MESSAGE_CHARS = 12000

_USER_ID_RE = re.compile(r"^[UW][A-Z0-9]{2,20}$")


@dataclass(frozen=True)
class SlackMessage:
    """One message: notification text (escaped mrkdwn) and its blocks."""

    text: str
    blocks: list[dict[str, Any]]


def _weight(block: dict[str, Any]) -> int:
    """Characters a block shows, roughly (the sum of its string values)."""
    total = 0
    stack: list[Any] = [block]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k not in ("type", "action_id", "value"))
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            total += len(item)
    return total


def fallback_text(reply: Reply) -> str:
    """The notification text: the summary, else the first words, escaped for mrkdwn."""
    text = reply.summary
    if not text:
        for block in reply.blocks:
            if isinstance(block, replies.Header | replies.Paragraph | replies.Note):
                text = plain(block.text) if not isinstance(block, replies.Header) else block.text
                break
    return escape(clip(" ".join(text.split()), 300)) or "prepbot"


def _context(markup_or_mrkdwn: str, *, trusted: bool = False) -> dict[str, Any]:
    element = (
        MarkdownTextObject(text=markup_or_mrkdwn)
        if trusted
        else text_object(markup_or_mrkdwn, FIELD_TEXT)
    )
    return ContextBlock(elements=[element]).to_dict()


def _paginate(blocks: list[dict[str, Any]], max_blocks: int) -> list[list[dict[str, Any]]]:
    pages: list[list[dict[str, Any]]] = [[]]
    size = 0
    for block in blocks:
        page = pages[-1]
        weight = _weight(block)
        if page and (len(page) >= max_blocks or size + weight > MESSAGE_CHARS):
            # A header or divider belongs with what follows it, not at the end of a page.
            carried: list[dict[str, Any]] = []
            while page and page[-1]["type"] in ("header", "divider"):
                carried.insert(0, page.pop())
            carried = [b for b in carried if b["type"] != "divider"]
            pages.append(carried)
            size = sum(_weight(b) for b in carried)
        pages[-1].append(block)
        size += weight
    return [page for page in pages if page]


def render_messages(
    reply: Reply,
    *,
    max_messages: int | None = None,
    shared_by: str | None = None,
    max_blocks: int = MAX_BLOCKS,
) -> list[SlackMessage]:
    """The reply as one or more messages within Slack's limits.

    `shared_by` (a Slack user id) marks a reply posted in a channel for everyone: the
    presser is named and the share buttons are left out. With `max_messages`, extra
    pages are dropped but the last one (the buttons) is kept, after a note.
    """
    blocks = render_blocks(reply, drop_public=shared_by is not None)
    if shared_by is not None and _USER_ID_RE.match(shared_by):
        blocks.insert(0, _context(f"Shared by <@{shared_by}>", trusted=True))
    pages = _paginate(blocks, max_blocks) or [[_context("…")]]  # never an empty message
    if max_messages is not None and len(pages) > max_messages:
        note = _context("_Part of this answer did not fit in Slack and is left out._")
        last = pages[-1][: max_blocks - 1]
        pages = [*pages[: max_messages - 1], [note, *last]]
    text = fallback_text(reply)
    return [
        SlackMessage(
            text=clip(text if i == 0 else f"{text} (continued)", MESSAGE_TEXT), blocks=page
        )
        for i, page in enumerate(pages)
    ]


def render_view_blocks(reply: Reply, *, max_blocks: int = VIEW_MAX_BLOCKS) -> list[dict[str, Any]]:
    """The reply as the blocks of one view (App Home, a modal): cut, with a note, if long."""
    blocks = render_blocks(reply)
    if len(blocks) > max_blocks:
        blocks = [*blocks[: max_blocks - 1], _context("_More in `/prep help`._")]
    return blocks
