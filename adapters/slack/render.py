"""Render a core `Reply` as Block Kit, split into messages that fit Slack's limits.

Blocks are built with slack_sdk's block models, whose `to_dict()` validates each one, so
a limit we got wrong fails in tests rather than as `invalid_blocks` in a workspace. A
reply too long for one message is split across several (never refused); a button whose
command cannot fit in a value is left out rather than truncated into another command.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    RichTextBlock,
    RichTextElementParts,
    RichTextListElement,
    RichTextSectionElement,
    SectionBlock,
)

from adapters.slack._text import clip, escape, plain, rich_elements, split_spans, text_object
from bot import replies
from bot.replies import Reply, literal, parse_inline

log = logging.getLogger(__name__)

# Slack's limits (design.md), and one of our own: MESSAGE_CHARS keeps a message readable
# and well inside Slack's undocumented cap on a message's total size.
MAX_BLOCKS = 50
VIEW_MAX_BLOCKS = 100
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
MESSAGE_TEXT = 4000
FIELD_TEXT = 2000
FIELDS_PER_SECTION = 10
BUTTONS_PER_ACTIONS = 25
MESSAGE_CHARS = 12000

# `prep:cmd:<n>` runs the value as the presser; `prep:pub:<n>` also shows it in the channel.
ACTION_ID_RE = re.compile(r"^prep:(cmd|pub):\d+$")
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


def _rich_text(spans_list: list[list[replies.Span]]) -> list[Block]:
    return [
        RichTextBlock(elements=[RichTextSectionElement(elements=rich_elements(spans))])
        for spans in spans_list
    ]


def _paragraph(markup: str, warn: bool) -> list[Block]:
    chunks = split_spans(parse_inline(markup), SECTION_TEXT)
    blocks = _rich_text(chunks)
    if warn and blocks:
        # An error shows a warning sign first, so it reads as one at a glance.
        first = blocks[0]
        assert isinstance(first, RichTextBlock)
        section = first.elements[0]
        assert isinstance(section, RichTextSectionElement)
        section.elements = [
            RichTextElementParts.Emoji(name="warning"),
            RichTextElementParts.Text(text=" "),
            *section.elements,
        ]
    return blocks


def _bullets(block: replies.BulletList) -> list[Block]:
    out: list[Block] = []
    items: list[RichTextSectionElement] = []
    size = 0
    done = 0  # items emitted in earlier blocks, so numbering continues across them

    def flush() -> None:
        nonlocal items, size, done
        if items:
            style = "ordered" if block.ordered else "bullet"
            offset = done if block.ordered and done else None
            out.append(
                RichTextBlock(
                    elements=[RichTextListElement(elements=items, style=style, offset=offset)]
                )
            )
            done += len(items)
        items, size = [], 0

    for item in block.items:
        for chunk in split_spans(parse_inline(item), SECTION_TEXT):
            length = sum(len(span.text) for span in chunk)
            if size + length > SECTION_TEXT:
                flush()
            items.append(RichTextSectionElement(elements=rich_elements(chunk)))
            size += length
    flush()
    return out


def _fields(block: replies.Fields) -> list[Block]:
    objects = [
        text_object(f"*{literal(plain(label))}*\n{value}", FIELD_TEXT)
        for label, value in block.items
    ]
    return [
        SectionBlock(fields=objects[i : i + FIELDS_PER_SECTION])
        for i in range(0, len(objects), FIELDS_PER_SECTION)
    ]


def _buttons(block: replies.Buttons, counter: list[int], drop_public: bool) -> list[Block]:
    elements: list[ButtonElement] = []
    for button in block.buttons:
        if drop_public and button.public:
            continue
        if not button.command or len(button.command) > BUTTON_VALUE:
            log.warning("button %r left out: its command does not fit a value", button.label)
            continue
        counter[0] += 1
        kind = "pub" if button.public else "cmd"
        elements.append(
            ButtonElement(
                text=PlainTextObject(text=clip(button.label, BUTTON_TEXT) or "?", emoji=True),
                action_id=f"prep:{kind}:{counter[0]}",
                value=button.command,
                style=None if button.style == "default" else button.style,
            )
        )
    return [
        ActionsBlock(elements=elements[i : i + BUTTONS_PER_ACTIONS])
        for i in range(0, len(elements), BUTTONS_PER_ACTIONS)
    ]


def render_blocks(reply: Reply, *, drop_public: bool = False) -> list[dict[str, Any]]:
    """Every block of a reply, in order, each within its own limits (validated)."""
    blocks: list[Block] = []
    counter = [0]
    warn = reply.is_error
    for block in reply.blocks:
        if isinstance(block, replies.Header):
            text = clip(plain(literal(block.text)).strip(), HEADER_TEXT) or " "
            blocks.append(HeaderBlock(text=PlainTextObject(text=text, emoji=False)))
        elif isinstance(block, replies.Paragraph):
            blocks += _paragraph(block.text, warn)
            warn = False
        elif isinstance(block, replies.BulletList):
            blocks += _bullets(block)
        elif isinstance(block, replies.Fields):
            blocks += _fields(block)
        elif isinstance(block, replies.Divider):
            blocks.append(DividerBlock())
        elif isinstance(block, replies.Note):
            blocks.append(ContextBlock(elements=[text_object(block.text, FIELD_TEXT)]))
        elif isinstance(block, replies.Buttons):
            blocks += _buttons(block, counter, drop_public)
    return [block.to_dict() for block in blocks]


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
    pages = _paginate(blocks, max_blocks) or [[_context(" ")]]
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
