"""Each kind of reply block as Block Kit, within the limits of its own block.

Built with slack_sdk's block models, whose `to_dict()` validates each one, so a limit we
got wrong fails in tests rather than as `invalid_blocks` in a workspace. Long text is
split over several blocks (never cut); a button whose command cannot fit in a value is
left out rather than truncated into a different command.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    PlainTextObject,
    RichTextBlock,
    RichTextElementParts,
    RichTextListElement,
    RichTextSectionElement,
    SectionBlock,
)

from adapters.slack.text import clip, plain, rich_elements, split_spans, text_object
from bot import replies
from bot.replies import Reply, literal, parse_inline

log = logging.getLogger(__name__)

# Slack's limits (design.md). Rich text has no published limit of its own; it is held to
# the section's 3000 so a long paragraph never depends on an undocumented allowance.
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
FIELD_TEXT = 2000
FIELDS_PER_SECTION = 10
BUTTONS_PER_ACTIONS = 25

# `prep:cmd:<n>` runs the value as the presser; `prep:pub:<n>` also shows it in the channel.
# Numbered per message, so ids are unique in it and far below Slack's 255 characters.
ACTION_ID_RE = re.compile(r"^prep:(cmd|pub):\d+$")
# `prep:link:<n>`: a link button (a mailto:). Slack opens the link itself and still
# sends the press, which only needs acknowledging.
LINK_ACTION_RE = re.compile(r"^prep:link:\d+$")
# Slack's cap on a button's url.
URL = 3000


def _rich_text(spans_list: list[list[replies.Span]]) -> list[Block]:
    sections = [rich_elements(spans) for spans in spans_list]
    return [
        RichTextBlock(elements=[RichTextSectionElement(elements=elements)])
        for elements in sections
        if elements  # Slack refuses a section with nothing in it
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
            elements = rich_elements(chunk)
            if not elements:
                continue
            length = sum(len(span.text) for span in chunk)
            if size + length > SECTION_TEXT:
                flush()
            items.append(RichTextSectionElement(elements=elements))
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
        if button.url is not None:
            url = next((u for u in (button.url, button.fallback_url) if u and len(u) <= URL), None)
            if url is None:
                log.warning("link button %r left out: its link is too long", button.label)
                continue
            counter[0] += 1
            elements.append(
                ButtonElement(
                    text=PlainTextObject(text=clip(button.label, BUTTON_TEXT) or "?", emoji=True),
                    action_id=f"prep:link:{counter[0]}",
                    url=url,
                )
            )
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
            text = clip(plain(literal(block.text)).strip(), HEADER_TEXT)
            if text:  # literal() drops control characters; nothing may be left
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
