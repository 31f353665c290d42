"""Render a core reply for a terminal: plain text, numbered buttons, bold on a real tty."""

from __future__ import annotations

from pathlib import Path

from bot.plaintext import mailto_address, render_block
from bot.replies import Buttons, Header, Reply

BOLD, RESET = "\033[1m", "\033[0m"


def render(reply: Reply, *, color: bool = False, saved_as: Path | None = None) -> str:
    """The reply as terminal text; buttons become `[1] Label` choices typed by number.

    `saved_as`: the attachment was written to that file, so its path is printed instead.
    """
    parts: list[str] = []
    number = 0
    for block in reply.blocks:
        if isinstance(block, Buttons):
            labels = []
            for button in block.buttons:
                if button.url is not None:  # a terminal opens no mail app: say where
                    parts.append(f"{button.label}: {mailto_address(button.url)}")
                    continue
                number += 1
                labels.append(f"[{number}] {button.label}")
            parts.append("  ".join(labels))
        elif isinstance(block, Header) and color:
            parts.append(f"{BOLD}{block.text}{RESET}")
        else:
            parts.append(render_block(block))
    if saved_as is not None:
        parts.append(f"Saved {saved_as}")
    elif reply.attachment is not None:
        parts.append(f"--- {reply.attachment.filename} ---\n{reply.attachment.content}")
    if number:
        parts.append("(type a number to press a button)")
    return "\n\n".join(part for part in parts if part)
