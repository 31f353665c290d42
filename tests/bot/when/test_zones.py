"""`tz` as people say it: cities taken, abbreviations mapped to zones with summer time,
fixed offsets explained with the places at that offset, ambiguous names asked back."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.commands.grammar import parse
from bot.commands.types import ChannelDaily, ParseError, SetTimezone
from bot.when.examples import dated_from

DEC = date(2026, 12, 3)

TAKEN = [
    ("tz Europe/Berlin", "Europe/Berlin", None),
    ("tz europe/berlin", "Europe/Berlin", None),
    ("tz America/New York", "America/New_York", None),
    ("tz Berlin", "Europe/Berlin", "Berlin"),
    ("tz Tokyo", "Asia/Tokyo", "Tokyo"),
    ("tz New York", "America/New_York", "New York"),
    ("tz new_york", "America/New_York", "new_york"),
    ("tz Buenos Aires", "America/Argentina/Buenos_Aires", "Buenos Aires"),
    ("tz Sydney", "Australia/Sydney", "Sydney"),
    ("tz EST", "America/New_York", "EST"),
    ("tz EDT", "America/New_York", "EDT"),
    ("tz ET", "America/New_York", "ET"),
    ("tz PST", "America/Los_Angeles", "PST"),
    ("tz PT", "America/Los_Angeles", "PT"),
    ("tz MST", "America/Denver", "MST"),
    ("tz HST", "Pacific/Honolulu", "HST"),
    ("tz CET", "Europe/Berlin", "CET"),
    ("tz CEST", "Europe/Berlin", "CEST"),
    ("tz JST", "Asia/Tokyo", "JST"),
    ("tz AEST", "Australia/Sydney", "AEST"),
    ("tz UTC", "UTC", None),
]


@pytest.mark.parametrize(("line", "zone", "read_as"), TAKEN)
def test_zones_people_name_are_taken(line: str, zone: str, read_as: str | None) -> None:
    """IANA names, unique cities and abbreviations give a zone that follows summer time."""
    with dated_from(DEC):
        assert parse(line) == SetTimezone(zone, read_as=read_as)


ASKED = [
    ("tz IST", ["Asia/Kolkata", "Europe/Dublin"]),
    ("tz CST", ["America/Chicago", "Asia/Shanghai"]),
    ("tz GMT", ["Europe/London", "UTC"]),
    ("tz GMT+1", ["summer time", "Europe/Berlin", "Europe/Paris"]),
    ("tz UTC+2", ["summer time", "Europe/Athens"]),
    ("tz UTC-5", ["summer time", "America/New_York"]),
    ("tz UTC+05:30", ["Asia/Kolkata"]),
    ("tz Etc/GMT+1", ["UTC-1", "count backwards", "Atlantic/Azores"]),
    ("tz Etc/GMT-2", ["UTC+2"]),
    ("tz GMT0", ["fixed offset"]),
    ("tz UTC+15", ["UTC-12 to +14"]),
    ("tz Berln", ["Did you mean `Europe/Berlin`"]),
    ("tz Atlantis", ["don't know the time zone"]),
    ("tz " + "x" * 61, ["too long"]),
]


@pytest.mark.parametrize(("line", "parts"), ASKED)
def test_zones_that_are_not_one_place_are_asked_back(line: str, parts: list[str]) -> None:
    """Ambiguous names and fixed offsets store nothing and say why, with what to type."""
    with dated_from(DEC):
        result = parse(line)
    assert isinstance(result, ParseError), result
    for part in parts:
        assert part in result.message, result.message
    assert "`tz Etc/" not in result.message  # never offered a fixed offset to store


def test_offsets_offer_the_cities_of_that_offset_on_that_day() -> None:
    """In July, UTC+2 is Berlin's summer offset, so Berlin is offered; in December it is not."""
    with dated_from(date(2026, 7, 1)):
        july = parse("tz UTC+2")
    with dated_from(DEC):
        december = parse("tz UTC+2")
    assert isinstance(july, ParseError) and isinstance(december, ParseError)
    assert "Europe/Berlin" in july.message
    assert "Europe/Berlin" not in december.message


def test_gmt_plus_one_suggests_a_city_button() -> None:
    """The refusal carries a suggestion an adapter can offer as a button."""
    with dated_from(DEC):
        result = parse("tz GMT+1")
    assert isinstance(result, ParseError)
    assert result.extra["suggestion"] == "tz Europe/Berlin"


def test_channel_daily_takes_a_city_or_abbreviation_as_its_zone() -> None:
    """`channel daily 10:00 Berlin` and `... EST` name zones; a category word stays one."""
    with dated_from(DEC):
        assert parse("channel daily 10am Berlin") == ChannelDaily(
            at=time(10, 0), zone="Europe/Berlin"
        )
        est = parse("channel daily 10:00 EST behavioral")
        assert isinstance(est, ChannelDaily) and est.zone == "America/New_York"
        assert est.category == "behavioral"
        plain = parse("channel daily 10:00 behavioral")
        assert isinstance(plain, ChannelDaily) and plain.zone is None
        bad = parse("channel daily 10:00 GMT+1")
        assert isinstance(bad, ParseError) and "summer time" in bad.message
