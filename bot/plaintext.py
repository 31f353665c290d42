"""A reply as plain text: the console's rendering, simulate's `text`, and fallbacks.

Platform-free on purpose, so the core can print and compare replies (simulate, tests)
without importing an adapter.
"""

from __future__ import annotations

from urllib.parse import unquote

from bot.replies import (
    Block,
    BulletList,
    Buttons,
    Divider,
    Fields,
    Header,
    Note,
    Paragraph,
    Reply,
    plain_text,
)

DIVIDER = "-" * 40


def render_block(block: Block) -> str:
    """One block as plain text lines."""
    match block:
        case Header(text=text):
            return text.upper() if len(text) < 60 else text
        case Paragraph(text=text):
            return plain_text(text)
        case BulletList(items=items, ordered=ordered):
            return "\n".join(
                f"{index}. {plain_text(item)}" if ordered else f"- {plain_text(item)}"
                for index, item in enumerate(items, start=1)
            )
        case Fields(items=items):
            return "\n".join(f"{plain_text(k)}: {plain_text(v)}" for k, v in items)
        case Divider():
            return DIVIDER
        case Note(text=text):
            return plain_text(text)
        case Buttons(buttons=buttons):
            return "  ".join(
                f"[{b.label}: {mailto_address(b.url)}]"
                if b.url
                else f"[{b.label}: /prep {b.command}]"
                for b in buttons
            )
    raise TypeError(f"unknown block {block!r}")


def mailto_address(url: str) -> str:
    """Where a `mailto:` link writes to: the draft itself is in the text above it."""
    return unquote(url.removeprefix("mailto:").split("?", 1)[0])


def render_plain(reply: Reply, *, with_buttons: bool = True) -> str:
    """The whole reply as plain text, blocks separated by blank lines."""
    parts = [
        render_block(block)
        for block in reply.blocks
        if with_buttons or not isinstance(block, Buttons)
    ]
    if reply.attachment is not None:
        parts.append(f"[file {reply.attachment.filename}]\n{reply.attachment.content}")
    return "\n\n".join(part for part in parts if part)
