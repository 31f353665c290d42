"""Reply markup to Discord markdown, with member text escaped span by span.

The core's markup (`*bold*`, `_italic_`, `` `code` ``) is parsed into spans whose text
is raw; each span's text is escaped for Discord here, so nothing a member typed can
format a message, hide text, or mention `@everyone`, a role or a user. Sends also carry
`AllowedMentions.none()`: escaping keeps the text looking right, the flag keeps it silent.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

from bot.replies import Span, parse_inline

# Escaping at most doubles a span (a backslash per character, a zero-width space per
# `@`), so a raw chunk of (budget - delimiters) // 2 characters always fits the budget.
_DELIMITER_ROOM = 8
# A backtick inside code would end the code span early; this look-alike cannot.
_BACKTICK_STANDIN = "\u02cb"


# What `escape_mentions` leaves alone but Discord still renders from text: channel links
# `<#id>`, command links `</name:id>`, timestamps `<t:...>` and emoji `<:name:id>`. A
# zero-width space after the `<` keeps each one literal text.
_REFERENCE = re.compile(r"<(?=[#/:@]|[a-z]+:)")
# `escape_markdown` leaves URLs unescaped, and one ending in `[label](url)` would keep a
# masked link; a zero-width space between `]` and `(` breaks the syntax everywhere.
_MASKED_LINK = "]("


def escape(text: str) -> str:
    """Member text as literal Discord text: no markdown, no mentions, no links."""
    escaped = escape_mentions(escape_markdown(text)).replace(_MASKED_LINK, "]\u200b(")
    escaped = _REFERENCE.sub("<\u200b", escaped)
    if (len(escaped) - len(escaped.rstrip("\\"))) % 2:
        # A URL keeps its backslashes unescaped; a last one would escape whatever markup
        # follows (the closing `**` of a bold span), so it is fenced off.
        escaped += "\u200b"
    return escaped


def _styled(span: Span) -> str:
    if span.style == "code":
        # Markdown and mentions are inert inside code; escaping would show backslashes.
        return f"`{span.text.replace('`', _BACKTICK_STANDIN)}`"
    body = escape(span.text)
    if span.style == "plain":
        return body
    # Discord ignores `** x**`, so outer spaces go outside the delimiters.
    core = body.strip()
    if not core:
        return body
    lead = body[: len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()) :]
    mark = "**" if span.style == "bold" else "*"
    return f"{lead}{mark}{core}{mark}{trail}"


def render_markup(markup: str) -> str:
    """Core markup as Discord markdown."""
    return "".join(_styled(span) for span in parse_inline(markup))


def _split_span(span: Span, budget: int) -> list[Span]:
    """Cut one span into pieces whose rendering fits `budget` characters."""
    size = max((budget - _DELIMITER_ROOM) // 2, 1)
    return [Span(span.text[i : i + size], span.style) for i in range(0, len(span.text), size)]


def render_pieces(markup: str, limit: int) -> list[str]:
    """Render one line of markup as pieces of at most `limit` characters each.

    Pieces break between spans where possible, and inside a span only when the span
    alone is too long, so styling survives the split.
    """
    pieces: list[str] = []
    current = ""
    for span in parse_inline(markup):
        rendered = _styled(span)
        parts = [rendered] if len(rendered) <= limit else _split_span(span, limit)
        for part in parts:
            text = part if isinstance(part, str) else _styled(part)
            if len(current) + len(text) > limit:
                pieces.append(current)
                current = ""
            current += text
    if current or not pieces:
        pieces.append(current)
    return pieces


def render_lines(markup: str, limit: int) -> list[str]:
    """Render multi-line markup as lines of at most `limit` characters each."""
    return [piece for line in markup.split("\n") for piece in render_pieces(line, limit)]


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis (titles, labels, field names)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip("\\") + "…"
