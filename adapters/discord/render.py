"""Render a core `Reply` as Discord messages: embeds within every limit, plus buttons.

Content that does not fit one message is split across several rather than cut or
rejected: a long description continues in a new embed, more than ten embeds or 6000
characters continue in a new message. Buttons go on the last message.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import discord

from adapters.discord._markdown import clip, escape, render_lines, render_markup
from bot.replies import (
    Attachment,
    BulletList,
    Button,
    Buttons,
    Divider,
    Fields,
    Header,
    Note,
    Paragraph,
    Reply,
)

# Discord's limits (design.md, "Platform limits").
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
BUTTONS_PER_MESSAGE = 25

COLOUR = discord.Colour(0x2B8A6E)
ERROR_COLOUR = discord.Colour(0xD9534F)
_DIVIDER = "\u2500" * 16
_EMPTY = "\u200b"  # Discord rejects an empty field value; this shows as nothing
_INLINE_FIELD = 40  # short values sit side by side, long ones get the full width


@dataclass
class Outgoing:
    """One Discord message to send: its embeds, its buttons, maybe a file."""

    embeds: list[discord.Embed] = field(default_factory=list)
    buttons: tuple[Button, ...] = ()
    attachment: Attachment | None = None


class _EmbedBuilder:
    """Fills embeds in order, starting a new one whenever the next part would not fit."""

    def __init__(self, colour: discord.Colour) -> None:
        self.colour = colour
        self.embeds: list[discord.Embed] = []
        self._current: discord.Embed | None = None

    def _embed(self) -> discord.Embed:
        if self._current is None:
            self._current = discord.Embed(colour=self.colour)
            self.embeds.append(self._current)
        return self._current

    def header(self, text: str) -> None:
        self._current = None
        self._embed().title = clip(escape(" ".join(text.split())), TITLE_LIMIT)

    def block(self, lines: list[str]) -> None:
        """Add lines to the description, as one paragraph where they fit."""
        embed = self._embed()
        if embed.fields:  # fields show below the description: keep reading order
            self._current = None
        separator = "\n\n"
        for line in lines:
            embed = self._embed()
            description = embed.description or ""
            joiner = separator if description else ""
            fits_text = len(description) + len(joiner) + len(line) <= DESCRIPTION_LIMIT
            if not fits_text or len(embed) + len(joiner) + len(line) > EMBED_TOTAL_LIMIT:
                self._current = None
                embed, description, joiner = self._embed(), "", ""
            embed.description = description + joiner + line
            separator = "\n"

    def add_field(self, name: str, value: str) -> None:
        embed = self._embed()
        size = len(name) + len(value)
        if len(embed.fields) >= FIELD_COUNT_LIMIT or len(embed) + size > EMBED_TOTAL_LIMIT:
            self._current = None
            embed = self._embed()
        embed.add_field(name=name, value=value, inline=len(value) <= _INLINE_FIELD)


def _field_parts(label: str, value: str) -> tuple[str, str]:
    name = clip(render_markup(" ".join(label.split())), FIELD_NAME_LIMIT) or _EMPTY
    lines = render_lines(value, FIELD_VALUE_LIMIT)
    text = clip("\n".join(lines), FIELD_VALUE_LIMIT)
    return name, text.strip() or _EMPTY


def _fill(builder: _EmbedBuilder, reply: Reply) -> list[Button]:
    buttons: list[Button] = []
    for block in reply.blocks:
        if isinstance(block, Header):
            builder.header(block.text)
        elif isinstance(block, Paragraph):
            builder.block(render_lines(block.text, DESCRIPTION_LIMIT))
        elif isinstance(block, BulletList):
            lines: list[str] = []
            for number, item in enumerate(block.items, start=1):
                bullet = f"{number}. " if block.ordered else "\u2022 "
                lines.extend(render_lines(bullet + item, DESCRIPTION_LIMIT))
            builder.block(lines)
        elif isinstance(block, Note):
            # `-# ` is Discord's small print; it applies to one line at a time.
            builder.block([f"-# {line}" for line in render_lines(block.text, 4000)])
        elif isinstance(block, Divider):
            builder.block([_DIVIDER])
        elif isinstance(block, Fields):
            for label, value in block.items:
                builder.add_field(*_field_parts(label, value))
        elif isinstance(block, Buttons):
            buttons.extend(block.buttons)
    return buttons


def _pack(embeds: list[discord.Embed]) -> list[Outgoing]:
    """Group embeds into messages of at most ten embeds and 6000 characters."""
    messages: list[Outgoing] = []
    total = 0
    for embed in embeds:
        size = len(embed)
        current = messages[-1].embeds if messages else None
        if (
            current is None
            or len(current) >= EMBEDS_PER_MESSAGE
            or total + size > EMBED_TOTAL_LIMIT
        ):
            messages.append(Outgoing())
            total = 0
        messages[-1].embeds.append(embed)
        total += size
    return messages


def as_file(attachment: Attachment) -> discord.File:
    """A fresh `discord.File` for an attachment (a file object can be sent only once)."""
    data = io.BytesIO(attachment.content.encode("utf-8"))
    return discord.File(data, filename=attachment.filename)


def render_reply(reply: Reply) -> list[Outgoing]:
    """The messages that show `reply` on Discord, each within Discord's limits."""
    builder = _EmbedBuilder(ERROR_COLOUR if reply.is_error else COLOUR)
    buttons = _fill(builder, reply)
    embeds = [e for e in builder.embeds if e.title or e.description or e.fields]
    if not embeds:
        fallback = escape(reply.summary) if reply.summary else "Done."
        embeds = [discord.Embed(colour=builder.colour, description=fallback[:DESCRIPTION_LIMIT])]
    messages = _pack(embeds)
    messages[0].attachment = reply.attachment
    groups = [
        tuple(buttons[i : i + BUTTONS_PER_MESSAGE])
        for i in range(0, len(buttons), BUTTONS_PER_MESSAGE)
    ]
    if groups:
        messages[-1].buttons = groups[0]
        # More than 25 buttons: the rest ride on small follow-up messages.
        for group in groups[1:]:
            more = discord.Embed(colour=builder.colour, description="More options:")
            messages.append(Outgoing(embeds=[more], buttons=group))
    return messages
