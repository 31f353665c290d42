"""Replies become embeds and buttons within Discord's limits, with member text inert."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.discord._markdown import render_markup
from adapters.discord.render import ERROR_COLOUR, render_reply
from adapters.discord.views import build_view, custom_id_for
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
    literal,
)
from tests.adapters.discord.helpers import message_text, visible
from tests.fakes.discord_api import message_problems


def _payloads(reply: Reply) -> list[dict]:
    """Each rendered message as the JSON body discord.py would send (no view: sync test)."""
    return [{"embeds": [e.to_dict() for e in m.embeds]} for m in render_reply(reply)]


def _all_valid(reply: Reply) -> list[dict]:
    bodies = _payloads(reply)
    for body in bodies:
        assert message_problems(body) == []
    return bodies


def test_markup_becomes_discord_markdown():
    """Our bold, italic and code become Discord's; member text inside stays literal."""
    assert render_markup("*Bold* and _it_ and `/prep tz`") == "**Bold** and *it* and `/prep tz`"
    assert render_markup(literal("*not bold* _x_ `y`")) == r"\*not bold\* \_x\_ \`y\`"


def test_mentions_never_resolve():
    """@everyone, @here, user and role mentions typed by a member are broken up."""
    rendered = render_markup(
        literal("@everyone @here <@123456789012345678> <@&123456789012345678>")
    )
    assert "@everyone" not in rendered and "@here" not in rendered
    assert "<@123456789012345678>" not in rendered and "<@&123456789012345678>" not in rendered
    assert visible(rendered) == "@everyone @here <@123456789012345678> <@&123456789012345678>"


def test_masked_links_headings_and_quotes_are_escaped():
    """Markdown that only works at a line start or as a masked link is escaped too."""
    rendered = render_markup(literal("[click](https://evil.example) ~~s~~ ||spoiler||"))
    assert "\\[click]" in rendered and "\\~\\~" in rendered and "\\|\\|" in rendered
    assert render_markup(literal("# big")).startswith("\\#")


def test_code_with_a_backtick_stays_one_code_span():
    """A backtick inside code cannot end the span early."""
    assert render_markup("`a\\`b`").count("`") == 2


def test_blocks_map_to_one_embed():
    """Header is the title; paragraphs, lists, notes and fields fill the embed in order."""
    reply = Reply(
        (
            Header("Second round"),
            Paragraph("Intro"),
            BulletList(("one", "two"), ordered=True),
            Divider(),
            Note("small print"),
            Fields((("Company", "Acme"), ("When", "Mon 14:00"))),
        )
    )
    (body,) = _all_valid(reply)
    (embed,) = body["embeds"]
    assert embed["title"] == "Second round"
    assert embed["description"].startswith("Intro\n\n1. one\n2. two")
    assert "-# small print" in embed["description"]
    assert [f["name"] for f in embed["fields"]] == ["Company", "When"]


def test_text_after_fields_starts_a_new_embed():
    """Fields show below a description, so later text goes in the next embed (reading order)."""
    reply = Reply((Fields((("a", "b"),)), Paragraph("after")))
    (body,) = _all_valid(reply)
    assert [e.get("description") for e in body["embeds"]] == [None, "after"]


def test_errors_are_red():
    """An error reply's embeds use the error colour."""
    (body,) = _payloads(Reply((Paragraph("bad"),), is_error=True))
    assert body["embeds"][0]["color"] == ERROR_COLOUR.value


def test_long_paragraph_splits_instead_of_failing():
    """A 20,000-character answer splits into valid embeds and messages, losing nothing."""
    text = " ".join(f"word{i}" for i in range(3000))
    bodies = _all_valid(Reply((Paragraph(literal(text)),)))
    assert len(bodies) >= 4
    shown = "".join(message_text(b) for b in bodies)
    assert shown.replace("\n", "").replace(" ", "") == text.replace(" ", "")


def test_long_header_and_field_are_clipped_to_their_limits():
    """Titles, field names and values are cut with an ellipsis, not rejected."""
    reply = Reply((Header("h" * 300), Fields((("n" * 300, "v" * 2000),))))
    (body,) = _all_valid(reply)
    embed = body["embeds"][0]
    assert len(embed["title"]) == 256 and embed["title"].endswith("…")
    assert len(embed["fields"][0]["name"]) <= 256 and len(embed["fields"][0]["value"]) <= 1024


def test_many_fields_and_many_headers_split():
    """30 fields need two embeds; 12 sections need two messages (10 embeds each at most)."""
    fields = Reply((Fields(tuple((f"f{i}", "v") for i in range(30))),))
    (body,) = _all_valid(fields)
    assert [len(e["fields"]) for e in body["embeds"]] == [25, 5]
    sections = Reply(tuple(b for i in range(12) for b in (Header(f"H{i}"), Paragraph("p"))))
    bodies = _all_valid(sections)
    assert [len(b["embeds"]) for b in bodies] == [10, 2]


def test_attachment_goes_on_the_first_message():
    """A privacy export file rides on the first message."""
    reply = Reply((Paragraph("Your data"),), attachment=Attachment("prepbot.json", "{}"))
    (message,) = render_reply(reply)
    assert message.attachment is not None and message.attachment.filename == "prepbot.json"


def test_empty_reply_still_shows_something():
    """A reply with only buttons shows its summary rather than an empty message."""
    (body,) = _all_valid(Reply((Buttons((Button("Go", "help"),)),), summary="Pick one"))
    assert body["embeds"][0]["description"] == "Pick one"


async def test_buttons_rows_and_overflow():
    """Up to 25 buttons go five to a row on the last message; more go on another message."""
    buttons = tuple(Button(f"B{i}", f"stories show ab{i:03d}") for i in range(30))
    messages = render_reply(Reply((Paragraph("x"), Buttons(buttons))))
    assert [len(m.buttons) for m in messages] == [25, 5]
    view = build_view(messages[0].buttons)
    assert view is not None
    rows = view.to_components()
    assert len(rows) == 5 and all(len(r["components"]) == 5 for r in rows)
    assert message_problems({"embeds": [{"description": "x"}], "components": rows}) == []


async def test_button_custom_ids_carry_the_command():
    """The custom id is the command line; public buttons are marked; too long is dropped."""
    assert custom_id_for("second-round culture") == "prep:second-round culture"
    assert custom_id_for("second-round", public=True) == "prep+:second-round"
    assert custom_id_for("daily skip", team_id="1180000000000000001") == (
        "prep@1180000000000000001:daily skip"
    )
    assert custom_id_for("remind tomorrow " + "x" * 100) is None
    view = build_view((Button("Too long", "x" * 120), Button("Ok", "help")))
    assert view is not None
    assert [item.custom_id for item in view.children] == ["prep:help"]  # type: ignore[attr-defined]


async def test_repeated_command_buttons_show_once():
    """Discord rejects repeated custom ids in a message, so a repeat is dropped."""
    view = build_view((Button("A", "help"), Button("B", "help")))
    assert view is not None and len(view.children) == 1


blocks = st.one_of(
    st.builds(Header, st.text(max_size=400)),
    st.builds(Paragraph, st.text(max_size=6000).map(literal)),
    st.builds(Note, st.text(max_size=3000).map(literal)),
    st.builds(BulletList, st.lists(st.text(max_size=1500).map(literal), max_size=8).map(tuple)),
    st.builds(
        Fields,
        st.lists(
            st.tuples(st.text(max_size=300).map(literal), st.text(max_size=1500).map(literal)),
            max_size=30,
        ).map(tuple),
    ),
    st.just(Divider()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(blocks, min_size=1, max_size=12))
def test_any_reply_renders_within_every_limit(reply_blocks):
    """Whatever the reply, every message it renders to is one Discord accepts."""
    _all_valid(Reply(tuple(reply_blocks), summary="s"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_member_text_shows_exactly_as_typed(text):
    """Literal member text renders to markdown whose visible text is the text itself."""
    typed = literal(text).replace("\u200b", "")
    expected = re.sub(r"\\(.)", r"\1", typed, flags=re.DOTALL)  # undo literal()'s escapes
    assert visible(render_markup(typed)) == expected
