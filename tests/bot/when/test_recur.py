"""Recurring rules: read from `remind every ...`, said in words, planned in local time."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.commands.grammar import parse
from bot.commands.types import ParseError, Remind, SkipReminder
from bot.when.recur import Rule, anchored, describe, next_after, rule_of, stored

RULES = [
    ("remind every monday 9am call", Rule((0,), time(9)), "every Monday at 09:00"),
    ("remind every mon at 9 call", Rule((0,), time(9)), "every Monday at 09:00"),
    ("remind every weekday at 8 call", Rule((0, 1, 2, 3, 4), time(8)), "every weekday at 08:00"),
    ("remind every day 7:30 call", Rule(tuple(range(7)), time(7, 30)), "every day at 07:30"),
    (
        "remind every monday and thursday 9am call",
        Rule((0, 3), time(9)),
        "every Monday and Thursday at 09:00",
    ),
    ("remind every mon, thu 9am call", Rule((0, 3), time(9)), "every Monday and Thursday at 09:00"),
    (
        "remind every 2 weeks on friday call",
        Rule((4,), time(9), 2),
        "every 2 weeks on Friday at 09:00",
    ),
    (
        "remind every other friday 5pm call",
        Rule((4,), time(17), 2),
        "every 2 weeks on Friday at 17:00",
    ),
    ("remind every weekend 10am call", Rule((5, 6), time(10)), "every weekend day at 10:00"),
    ("remind me every sunday 14h call", Rule((6,), time(14)), "every Sunday at 14:00"),
]


@pytest.mark.parametrize(("line", "rule", "said"), RULES)
def test_rules_are_read_and_said_in_words(line: str, rule: Rule, said: str) -> None:
    """Each form gives its rule, the text after it, and a description of it."""
    parsed = parse(line)
    assert parsed == Remind(when=None, text="call", rule=rule)
    assert describe(rule) == said


@pytest.mark.parametrize(
    ("line", "part"),
    [
        ("remind every mars 9am call", "isn't a day I can repeat on"),
        ("remind every 2 months call", "Say which weeks"),
        ("remind every monday 25:00 call", "isn't a time of day"),
        ("remind every monday 9am", "Add what to remind you about"),
    ],
)
def test_rules_that_cannot_be_read_are_refused(line: str, part: str) -> None:
    """A bad rule says what was wrong."""
    result = parse(line)
    assert isinstance(result, ParseError) and part in result.message


def test_skip_parses() -> None:
    """`reminders skip <id>`."""
    assert parse("reminders skip k7qd2") == SkipReminder("k7qd2")


def test_rules_round_trip_through_their_column() -> None:
    """What is stored reads back as the same rule, anchor included."""
    now = datetime(2026, 12, 3, 11, tzinfo=UTC)
    for _, rule, _ in RULES:
        rule = anchored(rule, "Europe/Berlin", now)
        assert rule_of(stored(rule)) == rule


def test_every_two_weeks_skips_the_week_between() -> None:
    """From the first Friday, the next is two weeks on, not one."""
    rule = anchored(Rule((4,), time(9), 2), "Europe/Berlin", datetime(2026, 12, 3, 11, tzinfo=UTC))
    first = next_after(rule, "Europe/Berlin", datetime(2026, 12, 3, 11, tzinfo=UTC))
    second = next_after(rule, "Europe/Berlin", first)
    assert first == datetime(2026, 12, 4, 8, tzinfo=UTC)
    assert second == datetime(2026, 12, 18, 8, tzinfo=UTC)


def test_a_local_rule_keeps_its_hour_across_summer_time() -> None:
    """Sunday 09:00 in Berlin is 08:00 UTC before 29 Mar 2026 and 07:00 UTC after it."""
    rule = Rule((6,), time(9))
    before = next_after(rule, "Europe/Berlin", datetime(2026, 3, 21, tzinfo=UTC))
    after = next_after(rule, "Europe/Berlin", before)
    assert before == datetime(2026, 3, 22, 8, tzinfo=UTC)
    assert after == datetime(2026, 3, 29, 7, tzinfo=UTC)


def test_a_time_in_the_gap_comes_at_the_same_offset_after_it() -> None:
    """Every day at 02:30: on 29 Mar 2026 in Berlin that is 03:30 CEST (01:30 UTC)."""
    rule = Rule(tuple(range(7)), time(2, 30))
    found = next_after(rule, "Europe/Berlin", datetime(2026, 3, 28, 12, tzinfo=UTC))
    assert found == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
