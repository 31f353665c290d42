"""The when-reader on the phrasing table: fixed now, three zones, a DST week, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.when import WhenError, read_when
from bot.when.sayback import zone_label
from tests.bot.when.phrasings import DST, NOW_LOCAL, READ, REFUSED, ZONES


def now_in(zone: str, local: datetime = NOW_LOCAL) -> datetime:
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def test_the_table_is_as_long_as_the_issue_asks() -> None:
    """At least 150 phrasings, none twice."""
    phrases = [phrase for phrase, _ in READ]
    assert len(phrases) >= 150
    assert len(set(phrases)) == len(phrases)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("phrase", "said"), READ)
def test_each_phrasing_is_read_and_said_back_in_full(zone: str, phrase: str, said: str) -> None:
    """The phrase followed by text reads as the table's day and time, the text left alone."""
    reading = read_when(f"{phrase} call Dana", zone, now_in(zone))
    assert reading is not None, phrase
    assert reading.said == f"{said} {zone_label(zone)}"
    assert reading.rest == "call Dana"


@pytest.mark.parametrize(("zone", "local_now", "phrase", "said"), DST)
def test_dst_weeks_follow_the_contract(
    zone: str, local_now: datetime, phrase: str, said: str
) -> None:
    """Gaps move to the same offset after; repeated hours come once, the first time."""
    reading = read_when(phrase, zone, now_in(zone, local_now))
    assert reading is not None
    assert reading.said == f"{said} {zone_label(zone)}"


def test_an_ambiguous_hour_is_its_first_occurrence() -> None:
    """02:30 on Berlin's fall-back night is 00:30 UTC (CEST), not 01:30 UTC (CET)."""
    reading = read_when("sunday 2:30am", "Europe/Berlin", now_in("Europe/Berlin", DST[5][1]))
    assert reading is not None
    assert reading.instant == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize("zone", [*ZONES, "America/Adak", "Pacific/Kiritimati"])
@pytest.mark.parametrize(("phrase", "part"), REFUSED)
def test_what_cannot_be_read_is_refused_with_a_reason(zone: str, phrase: str, part: str) -> None:
    """A short reason, never an exception of another kind (no OverflowError at year 1)."""
    with pytest.raises(WhenError) as raised:
        read_when(f"{phrase} call Dana", zone, now_in(zone))
    assert part in raised.value.message


def test_text_that_starts_with_no_time_is_no_reading() -> None:
    """`call Dana` or `5 people to call` hold no when: None, so the caller explains."""
    for text in ("call Dana", "5 people to call", "this is important", "next week"):
        assert read_when(text, "Europe/Berlin", now_in("Europe/Berlin")) is None


def test_reading_is_deterministic() -> None:
    """The same phrase, zone and now give the same instant every time."""
    now = now_in("Europe/Berlin")
    first = {phrase: read_when(phrase, "Europe/Berlin", now) for phrase, _ in READ}
    again = {phrase: read_when(phrase, "Europe/Berlin", now) for phrase, _ in READ}
    assert first == again
