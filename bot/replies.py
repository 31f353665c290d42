"""The neutral reply model: what handlers return and adapters render.

A `Reply` is a list of blocks (header, paragraph, bullet list, fields, divider, note,
buttons). Text uses a tiny inline markup of our own: `*bold*`, `_italic_` and
`` `code` ``, with backslash escapes. Anything a member typed is inserted through
`literal()`, which escapes that markup; renderers then parse the markup with
`parse_inline()` and escape each span for their platform, so member text can never
become formatting, a link or a mention on any platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import quote

ButtonStyle = Literal["default", "primary", "danger"]
InlineStyle = Literal["plain", "bold", "italic", "code"]

_MARKUP_CHARS = "\\*_`"
_ESCAPE_RE = re.compile(r"([\\*_`])")
# Control characters (but not newline or tab) and bidi overrides can reorder or hide
# text in a chat client; a member never needs them in what we show back.
_UNSAFE_CHARS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def literal(text: str) -> str:
    """Escape member text for use inside reply markup (shown exactly as typed)."""
    return _ESCAPE_RE.sub(r"\\\1", _UNSAFE_CHARS_RE.sub("", text))


@dataclass(frozen=True)
class Span:
    """A run of text with one style; `text` holds no markup."""

    text: str
    style: InlineStyle = "plain"


_DELIMS: dict[str, InlineStyle] = {"*": "bold", "_": "italic", "`": "code"}


def parse_inline(markup: str) -> list[Span]:
    """Split reply markup into styled spans.

    A delimiter opens a span only if a matching closing delimiter follows; otherwise it
    is kept as a literal character, so a stray `*` never eats the rest of a message.
    Styles do not nest: that keeps every platform's rendering unambiguous.
    """
    spans: list[Span] = []
    buffer: list[str] = []
    i = 0
    n = len(markup)

    def flush(style: InlineStyle = "plain") -> None:
        if buffer:
            spans.append(Span("".join(buffer), style))
            buffer.clear()

    while i < n:
        char = markup[i]
        if char == "\\" and i + 1 < n and markup[i + 1] in _MARKUP_CHARS:
            buffer.append(markup[i + 1])
            i += 2
            continue
        if char in _DELIMS:
            close = _find_close(markup, i + 1, char)
            if close > i + 1:
                flush()
                buffer.extend(_unescape(markup[i + 1 : close]))
                flush(_DELIMS[char])
                i = close + 1
                continue
        buffer.append(char)
        i += 1
    flush()
    return spans


def _find_close(markup: str, start: int, delim: str) -> int:
    i = start
    while i < len(markup):
        if markup[i] == "\\" and i + 1 < len(markup):
            i += 2
            continue
        if markup[i] == delim:
            return i
        if markup[i] == "\n":
            return -1  # styles never span lines
        i += 1
    return -1


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\*_`])", r"\1", text)


def plain_text(markup: str) -> str:
    """The text of some markup without any styling."""
    return "".join(span.text for span in parse_inline(markup))


# --- blocks ---


@dataclass(frozen=True)
class Header:
    """A title line (plain text: no markup)."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of markup text."""

    text: str


@dataclass(frozen=True)
class BulletList:
    """A list of markup items."""

    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Fields:
    """Label/value pairs (markup), shown side by side where the platform can."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Divider:
    """A visual break between sections."""


@dataclass(frozen=True)
class Note:
    """Small print: hints, ids, what happens next."""

    text: str


@dataclass(frozen=True)
class Button:
    """A button that runs a `/prep` command line as the member who presses it.

    Because a button is just a command, it can only ever act on the presser's own data.
    `public` asks the adapter to post the command's answer visibly in the channel
    (the guide's "Share in channel").
    """

    label: str
    command: str
    style: ButtonStyle = "default"
    public: bool = False
    # A link instead of a command (a `mailto:` with the draft filled in). Platforms cap
    # a link's length (Slack 3000, Discord 512): an adapter uses `url` if it fits, else
    # `fallback_url` (the subject alone), else leaves the button out.
    url: str | None = None
    fallback_url: str | None = None


def mailto(email: str, subject: str, body: str | None = None) -> str:
    """A `mailto:` link (RFC 6068): subject and body percent-encoded, CRLF line breaks."""
    link = f"mailto:{quote(email, safe='@')}?subject={quote(subject, safe='')}"
    if body:
        link += "&body=" + quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
    return link


# Said wherever email buttons are: why one may carry the subject only.
EMAIL_NOTE = (
    "An email button opens your mail app with the note filled in. Where a link can't "
    "hold the whole note (Discord allows 512 characters), it fills the subject only: "
    "paste the text from above."
)


def email_button(label: str, email: str, subject: str, body: str) -> Button:
    """A button that opens the member's mail app with this note to this address."""
    return Button(label, "", url=mailto(email, subject, body), fallback_url=mailto(email, subject))


@dataclass(frozen=True)
class Buttons:
    """A row (or rows) of buttons."""

    buttons: tuple[Button, ...]


Block = Header | Paragraph | BulletList | Fields | Divider | Note | Buttons


@dataclass(frozen=True)
class Attachment:
    """A file sent with the reply (a privacy export)."""

    filename: str
    content: str
    mime_type: str = "application/json"


@dataclass(frozen=True)
class Reply:
    """What a handler answers, or what a scheduled delivery says.

    `summary` is a one-line plain text for notifications and fallbacks; `private`
    replies are shown only to the member (ephemeral) where the platform allows it.
    """

    blocks: tuple[Block, ...]
    summary: str = ""
    private: bool = True
    is_error: bool = False
    attachment: Attachment | None = None

    def with_blocks(self, *blocks: Block) -> Reply:
        """A copy with more blocks appended."""
        return replace(self, blocks=(*self.blocks, *blocks))

    @property
    def buttons(self) -> tuple[Button, ...]:
        """Every command button in the reply, in order (link buttons run nothing)."""
        return tuple(
            b
            for block in self.blocks
            if isinstance(block, Buttons)
            for b in block.buttons
            if b.url is None
        )


def error_reply(message: str, usage: str | None = None, example: str | None = None) -> Reply:
    """A short error: what was wrong (markup) and the form that works."""
    blocks: list[Block] = [Paragraph(message)]
    if usage:
        blocks.append(Note(f"Use: `{literal(usage)}`"))
    if example:
        blocks.append(Note(f"Example: `{literal(example)}`"))
    return Reply(tuple(blocks), summary=plain_text(message), is_error=True)


def text_reply(text: str, *, private: bool = True) -> Reply:
    """A reply of one paragraph."""
    return Reply((Paragraph(text),), summary=plain_text(text), private=private)
