"""The community forms of the `/prep` grammar: channel, pair, digest and admin."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands.grammar import EXAMPLES, USAGE, parse
from bot.commands.types import (
    AdminStats,
    ChannelDaily,
    ChannelOff,
    ChannelStatus,
    Command,
    DigestOff,
    DigestOn,
    DigestStatus,
    Help,
    PairMet,
    PairOff,
    PairOn,
    PairSchedule,
    PairStatus,
    ParseError,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("channel daily 10:00", ChannelDaily(time(10, 0))),
        ("channel daily 10:00 Europe/Berlin", ChannelDaily(time(10, 0), "Europe/Berlin")),
        ("/prep channel daily 7am europe/berlin", ChannelDaily(time(7, 0), "Europe/Berlin")),
        ("channel daily 10:00 UTC behavioral", ChannelDaily(time(10, 0), "UTC", "behavioral")),
        ("channel daily 18:30 culture fit", ChannelDaily(time(18, 30), None, "culture fit")),
        ("channel off", ChannelOff()),
        ("channel status", ChannelStatus()),
        ("channel", ChannelStatus()),
        ("CHANNEL STATUS", ChannelStatus()),
        ("pair on", PairOn()),
        ("pair off", PairOff()),
        ("pair status", PairStatus()),
        ("pair", PairStatus()),
        ("pairing on", PairOn()),
        ("pair schedule monday 10:00", PairSchedule(0, time(10, 0))),
        ("pair schedule Sun 02:30 Europe/Berlin", PairSchedule(6, time(2, 30), "Europe/Berlin")),
        ("pair schedule fridays 5pm", PairSchedule(4, time(17, 0))),
        ("pair met 2026-W11 yes", PairMet("2026-W11", True)),
        ("pair met 2026-w11 no", PairMet("2026-W11", False)),
        ("pair met 2026W09 y", PairMet("2026-W09", True)),
        ("digest on", DigestOn()),
        ("digest off", DigestOff()),
        ("digest", DigestStatus()),
        ("admin stats", AdminStats()),
        ("admin", AdminStats()),
    ],
)
def test_community_forms_parse(text: str, expected: Command) -> None:
    """Each community form, in the spellings members use, parses to its command."""
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "usage", "fragment"),
    [
        ("channel daily", "/prep channel daily <HH:MM>", "HH:MM"),
        ("channel daily soon", "/prep channel daily <HH:MM>", "isn't a time"),
        ("channel daily 10:00 Mars/Olympus", "/prep channel daily", "time zone"),
        ("channel on", "/prep channel daily", "use daily, off or status"),
        ("channel off now", "/prep channel off", "takes nothing"),
        ("pair maybe", "/prep pair on", "isn't a pairing command"),
        ("pair schedule", "/prep pair schedule", "weekday"),
        ("pair schedule funday 10:00", "/prep pair schedule", "isn't a weekday"),
        ("pair schedule monday", "/prep pair schedule", "HH:MM"),
        ("pair schedule monday 10:00 please", "/prep pair schedule", "after the time"),
        ("pair met", "/prep pair met", "which round"),
        ("pair met 2026-W11", "/prep pair met", "yes` or `no"),
        ("pair met 2026-W11 perhaps", "/prep pair met", "yes` or `no"),
        ("digest weekly", "/prep digest on", "use on or off"),
        ("digest off please", "/prep digest off", "takes nothing"),
        ("admin kick ben", "/prep admin stats", "admin stats"),
    ],
)
def test_bad_community_input_says_what_is_wrong(text: str, usage: str, fragment: str) -> None:
    """A mistake gets a short message naming the problem and the right form."""
    result = parse(text)
    assert isinstance(result, ParseError)
    assert fragment in result.message
    assert result.usage.startswith(usage)
    assert result.example is not None and not isinstance(parse(result.example), ParseError)


@pytest.mark.parametrize("word", ["channel", "pair", "digest", "admin"])
def test_community_words_have_help_usage_and_examples(word: str) -> None:
    """Help knows each community word and its example is a working line."""
    assert USAGE[word].startswith(f"/prep {word}")
    assert not isinstance(parse(EXAMPLES[word]), ParseError)
    assert parse(f"help {word}") == Help(topic=word)


def test_usage_lists_every_community_form() -> None:
    """The usage lines show every subcommand the brief names."""
    assert "channel daily <HH:MM> [IANA zone] [category]" in USAGE["channel"]
    assert "channel off" in USAGE["channel"] and "channel status" in USAGE["channel"]
    for form in ("pair on", "pair off", "pair status", "pair schedule", "pair met"):
        assert form in USAGE["pair"]
    assert "digest on" in USAGE["digest"] and "digest off" in USAGE["digest"]
    assert USAGE["admin"] == "/prep admin stats | admin ai on|off|status"


def test_a_typo_suggests_the_community_word() -> None:
    """`/prep chanel` suggests `channel`."""
    result = parse("chanel status")
    assert isinstance(result, ParseError)
    assert result.extra == {"suggestion": "channel"}


@given(
    st.sampled_from(["channel", "pair", "digest", "admin", "pair met", "pair schedule"]),
    st.text(max_size=80),
)
def test_community_parsing_never_raises(word: str, rest: str) -> None:
    """Any text after a community word gives a command or a ParseError, never an error."""
    assert isinstance(parse(f"{word} {rest}"), Command | ParseError)
