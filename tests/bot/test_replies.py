from hypothesis import given
from hypothesis import strategies as st

from bot.plaintext import render_plain
from bot.replies import (
    Button,
    Buttons,
    Paragraph,
    Reply,
    Span,
    error_reply,
    literal,
    parse_inline,
    plain_text,
)


def test_markup_styles():
    """Bold, italic and code spans are recognised; the rest stays plain."""
    assert parse_inline("a *b* _c_ `d`") == [
        Span("a "),
        Span("b", "bold"),
        Span(" "),
        Span("c", "italic"),
        Span(" "),
        Span("d", "code"),
    ]


def test_unclosed_delimiter_is_literal():
    """A stray asterisk never swallows the rest of the line."""
    assert plain_text("5 * 3 = 15") == "5 * 3 = 15"


@given(st.text())
def test_literal_text_round_trips(text):
    """Member text inserted with literal() comes back unchanged (minus control chars)."""
    spans = parse_inline(literal(text))
    assert all(span.style == "plain" for span in spans)
    expected = "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
    expected = "".join(ch for ch in expected if not 0x202A <= ord(ch) <= 0x202E)
    expected = "".join(ch for ch in expected if not 0x2066 <= ord(ch) <= 0x2069)
    assert "".join(span.text for span in spans) == expected


@given(st.text())
def test_parse_inline_never_raises(markup):
    """Any markup string parses into spans."""
    parse_inline(markup)


def test_error_reply_shows_usage_and_example():
    """Errors say what was wrong and show the working form."""
    reply = error_reply("Bad time.", "/prep daily on [HH:MM]", "/prep daily on 07:45")
    text = render_plain(reply)
    assert reply.is_error
    assert "/prep daily on [HH:MM]" in text and "/prep daily on 07:45" in text


def test_buttons_are_collected_in_order():
    """Reply.buttons lists every button of every row."""
    reply = Reply(
        (
            Paragraph("x"),
            Buttons((Button("A", "help"),)),
            Buttons((Button("B", "question"), Button("C", "daily on"))),
        )
    )
    assert [b.label for b in reply.buttons] == ["A", "B", "C"]
