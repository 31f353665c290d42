"""Reply markup -> Slack text objects that can never mention, link or format by accident.

Member text reaches us as raw spans (`bot.replies.parse_inline`). Paragraphs and lists
become `rich_text` elements, whose text is literal by construction (Slack's own advice for
user-provided text). Where Block Kit only takes `mrkdwn` (section fields, context), each
span is escaped (`&`, `<`, `>`) and sent with `verbatim` on, so no `@here`, `#channel` or
URL is auto-parsed; a span that would still read as formatting (a literal `*` or `_`)
makes the whole object `plain_text`, which Slack never parses.
"""

from __future__ import annotations

import re

from slack_sdk.models.blocks import MarkdownTextObject, PlainTextObject, RichTextElementParts

from bot.replies import Span, parse_inline

# Slack's only escapes; everything else (`<!channel>`, `<@U1>`, `<url|x>`) needs a `<`.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
# Characters mrkdwn reads as formatting; Slack offers no way to escape them.
_MRKDWN_MARKERS = re.compile(r"[*_~`]")
_DELIMITERS = {"bold": "*", "italic": "_", "code": "`"}
_STYLES = {
    "bold": RichTextElementParts.TextStyle(bold=True),
    "italic": RichTextElementParts.TextStyle(italic=True),
    "code": RichTextElementParts.TextStyle(code=True),
}
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Escape Slack's control characters so text shows exactly as written."""
    for char, entity in _ESCAPES:
        text = text.replace(char, entity)
    return text


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, marked with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def plain(markup: str) -> str:
    """The unstyled text of some markup (raw: for plain_text objects)."""
    return "".join(span.text for span in parse_inline(markup))


def _mrkdwn_span(span: Span) -> str | None:
    """A span as mrkdwn, or None when it cannot be expressed safely."""
    if span.style == "plain":
        return None if _MRKDWN_MARKERS.search(span.text) else escape(span.text)
    delimiter = _DELIMITERS[span.style]
    text = span.text
    # Slack only styles a run with no delimiter or line break inside and no space at
    # either end; anything else would show stray markers or style the wrong text.
    if delimiter in text or "\n" in text or text != text.strip() or "`" in text:
        return None
    return f"{delimiter}{escape(text)}{delimiter}"


def text_object(markup: str, limit: int) -> MarkdownTextObject | PlainTextObject:
    """A mrkdwn text object for `markup`, or plain_text when mrkdwn could misread it."""
    parts = [_mrkdwn_span(span) for span in parse_inline(markup)]
    if all(part is not None for part in parts):
        rendered = "".join(part for part in parts if part is not None)
        if len(rendered) <= limit:
            return MarkdownTextObject(text=rendered or " ", verbatim=True)
    return PlainTextObject(text=clip(plain(markup), limit) or " ", emoji=False)


def rich_elements(spans: list[Span]) -> list[RichTextElementParts.Text]:
    """Spans as rich-text `text` elements (literal text, style as flags)."""
    return [
        RichTextElementParts.Text(text=span.text, style=_STYLES.get(span.style))
        for span in spans
        if span.text
    ]


def split_spans(spans: list[Span], limit: int) -> list[list[Span]]:
    """Spans in chunks of at most `limit` characters, cut at a line break or space."""
    chunks: list[list[Span]] = []
    current: list[Span] = []
    size = 0
    queue = list(spans)
    while queue:
        span = queue.pop(0)
        room = limit - size
        if len(span.text) <= room:
            current.append(span)
            size += len(span.text)
            continue
        cut = _cut_point(span.text, room)
        if cut > 0:
            current.append(Span(span.text[:cut], span.style))
        queue.insert(0, Span(span.text[cut:].lstrip(" "), span.style))
        if current:
            chunks.append(current)
        current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _cut_point(text: str, room: int) -> int:
    """Where to cut `text` so the first part fits `room`: a line break, a space, or hard."""
    if room <= 0:
        return 0
    window = text[:room]
    for separator in ("\n", " "):
        at = window.rfind(separator)
        if at > room // 2:
            return at + 1
    return room


def unescape(text: str) -> str:
    """Slack's entities back to characters (`&amp;` last, so `&amp;lt;` stays `&lt;`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
