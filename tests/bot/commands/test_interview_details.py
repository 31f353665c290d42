"""The detail clauses of `interview`: length, end time, place or link, format."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.commands.grammar import parse
from bot.commands.interview_details import read_duration
from bot.commands.types import AddInterview, ParseError

DAY = "interview 2026-03-12 14:00"


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("90 minutes", timedelta(minutes=90)),
        ("2h", timedelta(hours=2)),
        ("1.5 hours", timedelta(minutes=90)),
        ("1h30", timedelta(minutes=90)),
        ("45 min", timedelta(minutes=45)),
        ("12 hours", timedelta(hours=12)),
    ],
)
def test_lengths_read_as_written(text: str, length: timedelta) -> None:
    """The usual ways to write a length all read as that length."""
    assert read_duration(text) == length


def test_every_clause_together() -> None:
    """Length, title, link, format and people each land in their own field."""
    parsed = parse(
        f"{DAY} for 90 minutes Acme as Data Analyst at https://meet.example.com/abc-def "
        "format case with Dana Lee (hiring manager)"
    )
    assert isinstance(parsed, AddInterview), parsed
    assert (parsed.company, parsed.job_title) == ("Acme", "Data Analyst")
    assert parsed.duration == timedelta(minutes=90) and parsed.until is None
    assert parsed.place == "https://meet.example.com/abc-def" and parsed.format == "case"
    assert [p.name for p in parsed.interviewers] == ["Dana Lee"]


def test_until_an_end_time_and_an_address_with_a_comma() -> None:
    """`until 17:30` is an end time; an address may hold commas; `on site` is onsite."""
    parsed = parse(f"{DAY} until 17:30 Acme at Berlin office, floor 3 format on site")
    assert isinstance(parsed, AddInterview), parsed
    assert parsed.until == time(17, 30) and parsed.place == "Berlin office, floor 3"
    assert parsed.format == "onsite"


def test_current_forms_still_parse_without_details() -> None:
    """No clause: nothing set, exactly as before."""
    parsed = parse(f"{DAY} Acme as Analyst with Dana Lee (peer)")
    assert isinstance(parsed, AddInterview)
    assert (parsed.duration, parsed.until, parsed.place, parsed.format) == (None, None, None, None)


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ("for 13h Acme", "longer than 12 hours"),
        ("for 0 minutes Acme", "more than zero"),
        ("for a while Acme", "isn't a length"),
        ("until Acme", "Say when it ends"),
        ("Acme format karaoke", "isn't a format I know"),
        ("Acme at see https://a.example and https://b.example", "the video link on its own"),
    ],
)
def test_unreadable_clauses_are_refused_with_the_form(tail: str, message: str) -> None:
    """A clause that is there but unreadable is refused, never dropped."""
    parsed = parse(f"{DAY} {tail}")
    assert isinstance(parsed, ParseError) and message in parsed.message, parsed
    assert parsed.usage.startswith("/prep interview")
