import json

import pytest

from adapters.slack.render import (
    ACTION_ID_RE,
    MAX_BLOCKS,
    MESSAGE_TEXT,
    render_messages,
    render_view_blocks,
)
from bot.content import default_library
from bot.handlers.guide import guide_reply
from bot.replies import (
    BulletList,
    Button,
    Buttons,
    Divider,
    Fields,
    Header,
    Note,
    Paragraph,
    Reply,
    error_reply,
    literal,
)
from tests.adapters.slack.blockkit import buttons, is_error, plain
from tests.fakes.slack_api import validate_blocks

LIBRARY = default_library()


def _assert_valid(messages, *, max_blocks=MAX_BLOCKS):
    for message in messages:
        assert validate_blocks(message.blocks, max_blocks=max_blocks) == []
        assert 0 < len(message.text) <= MESSAGE_TEXT
        ids = [b["action_id"] for b in buttons(message.blocks)]
        assert len(ids) == len(set(ids))
        assert all(ACTION_ID_RE.match(i) for i in ids)


@pytest.mark.parametrize("topic", list(LIBRARY.guide_topics))
def test_every_guide_topic_fits_slack_limits(topic):
    """Each content topic renders to valid Block Kit within every limit of design.md."""
    reply = guide_reply(LIBRARY, LIBRARY.topic(topic))
    messages = render_messages(reply)
    _assert_valid(messages)
    shown = plain([b for m in messages for b in m.blocks])
    assert LIBRARY.topic(topic).title in shown


def test_guide_buttons_carry_commands_and_share_is_public():
    """Topic buttons hold their command line; only "Share in channel" is a public action."""
    reply = guide_reply(LIBRARY, LIBRARY.default_topic)
    [message] = render_messages(reply)
    by_label = {b["text"]["text"]: b for b in buttons(message.blocks)}
    assert by_label["Formats"]["value"] == "second-round formats"
    assert by_label["Start daily practice"]["style"] == "primary"
    assert by_label["Share in channel"]["action_id"].startswith("prep:pub:")
    assert all(
        b["action_id"].startswith("prep:cmd:")
        for k, b in by_label.items()
        if k != "Share in channel"
    )


def test_shared_copy_names_the_presser_and_drops_the_share_button():
    """A guide shared in a channel says who shared it and has no share button of its own."""
    reply = guide_reply(LIBRARY, LIBRARY.default_topic)
    [message] = render_messages(reply, shared_by="U0ANA0001")
    assert message.blocks[0]["elements"][0]["text"] == "Shared by <@U0ANA0001>"
    assert "Share in channel" not in plain(message.blocks)


def test_long_reply_is_split_across_messages_not_refused():
    """A guide too long for one message becomes several valid ones, keeping all text and buttons."""
    paragraphs = [Paragraph(f"Part {i}: " + "word " * 700) for i in range(12)]
    items = BulletList(tuple(f"item {i} " + "x" * 400 for i in range(60)), ordered=True)
    reply = Reply(
        (Header("Long " * 50), *paragraphs, Divider(), items, Buttons((Button("Go", "help"),)))
    )
    messages = render_messages(reply)
    assert len(messages) > 1
    _assert_valid(messages)
    shown = plain([b for m in messages for b in m.blocks])
    for i in range(12):
        assert f"Part {i}:" in shown
    assert "60. item 59" in shown  # ordered numbering continues across blocks and messages
    assert buttons(messages[-1].blocks)[0]["value"] == "help"
    assert messages[1].text.endswith("(continued)")


def test_many_blocks_split_at_fifty():
    """More than 50 blocks split into messages of at most 50."""
    reply = Reply(tuple(Note(f"n{i}") for i in range(120)))
    messages = render_messages(reply)
    assert [len(m.blocks) for m in messages] == [50, 50, 20]


def test_max_messages_keeps_the_last_page_after_a_note():
    """With a cap on messages (a response_url takes five), the end and its buttons survive."""
    reply = Reply((*(Note(f"n{i}") for i in range(300)), Buttons((Button("Go", "help"),))))
    messages = render_messages(reply, max_messages=2)
    assert len(messages) == 2
    assert "did not fit" in plain(messages[1].blocks)
    assert buttons(messages[1].blocks)


def test_header_button_and_value_limits():
    """Over-long headers and labels are cut; a command too long for a value drops its button."""
    reply = Reply(
        (
            Header("H" * 400),
            Buttons((Button("L" * 200, "help"), Button("too long", "answer " + "x" * 2100))),
        )
    )
    [message] = render_messages(reply)
    assert len(message.blocks[0]["text"]["text"]) == 150
    [only] = buttons(message.blocks)
    assert len(only["text"]["text"]) == 75 and only["value"] == "help"


def test_member_text_is_literal_everywhere():
    """Member text with mentions, links, entities and markers is literal in every block kind."""
    nasty = "<!channel> <@U1> <https://x.example|y> &amp; *bold* _it_ ~s~ `c` @here"
    reply = Reply(
        (
            Header(nasty),
            Paragraph(f"Story: {literal(nasty)}"),
            BulletList((literal(nasty),)),
            Fields((("Title", literal(nasty)),)),
            Note(literal(nasty)),
        ),
        summary=nasty,
    )
    [message] = render_messages(reply)
    assert plain(message.blocks).count(nasty) == 5
    assert "<" not in message.text and "&lt;!channel&gt;" in message.text
    dumped = json.dumps(message.blocks)
    assert '"type": "mrkdwn", "text": "<' not in dumped
    for block in message.blocks:
        for obj in block.get("elements", []) + block.get("fields", []):
            if obj.get("type") == "mrkdwn":
                assert "<" not in obj["text"] and obj.get("verbatim") is True


def test_our_markup_becomes_slack_styles():
    """*bold*, _italic_ and `code` map to rich text styles and to mrkdwn in notes."""
    [message] = render_messages(Reply((Paragraph("a *b* _c_ `d`"), Note("Use `/prep help` *now*"))))
    section = message.blocks[0]["elements"][0]["elements"]
    assert [e.get("style") for e in section] == [
        None,
        {"bold": True},
        None,
        {"italic": True},
        None,
        {"code": True},
    ]
    assert message.blocks[1]["elements"][0] == {
        "type": "mrkdwn",
        "text": "Use `/prep help` *now*",
        "verbatim": True,
    }


def test_errors_open_with_a_warning_sign():
    """An error reply starts with :warning:, a normal one does not."""
    [error] = render_messages(error_reply("Bad time.", "/prep daily on [HH:MM]"))
    [fine] = render_messages(Reply((Paragraph("All good."),)))
    assert is_error(error.blocks) and not is_error(fine.blocks)
    assert plain(error.blocks).startswith(":warning: Bad time.")


def test_view_blocks_are_capped_at_one_hundred():
    """App Home views stop at 100 blocks, the last one saying where the rest is."""
    blocks = render_view_blocks(Reply(tuple(Note(f"n{i}") for i in range(150))))
    assert len(blocks) == 100
    assert validate_blocks(blocks, max_blocks=100) == []
    assert "/prep help" in plain(blocks[-1:])


def test_empty_pieces_make_no_invalid_blocks():
    """Empty paragraphs, list items and headers are left out rather than sent empty."""
    reply = Reply((Header("\x00"), Paragraph(""), BulletList(("", "x")), Paragraph("**")))
    [message] = render_messages(reply)
    assert validate_blocks(message.blocks) == []
    assert plain(message.blocks) == "- x\n**"
