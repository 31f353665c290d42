"""Property tests: the grammar never raises, and well-formed lines round-trip.

The "never raises" properties call `grammar._parse`, the parser without its safety net,
so a bug the net would hide in production still fails here.
"""

from __future__ import annotations

import unicodedata
from datetime import date, time, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.commands.grammar import _ALIASES, EXAMPLES, _parse, parse
from bot.commands.ids import ALPHABET, new_short_id, parse_short_id
from bot.commands.text import normalise
from bot.commands.types import (
    AddInterview,
    AfterDelay,
    AtLocal,
    Command,
    DailyOn,
    DayOffsetAt,
    InterviewerSpec,
    MarkThanksSent,
    ParseError,
    Remind,
)

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PREFIXES = sorted(
    {
        *EXAMPLES,
        *_ALIASES,
        "second round",
        "/prep",
        "prep",
        "daily on",
        "daily off",
        "daily status",
        "daily skip",
        "thanks sent",
        "followup in",
        "remind me",
        "remind in",
        "remind today",
        "remind tomorrow",
        "remind tonight",
        "reminders cancel",
        "reminders snooze",
        "reminders done",
        "stories add",
        "stories show",
        "privacy export",
        "privacy delete",
        "interview 2026-03-09 14:00",
        "interview 2026-03-09 14:00 Acme with",
    }
)

# Words the grammar reacts to, so random sentences reach deep branches, not just errors.
VOCABULARY = [
    *PREFIXES,
    "2026-03-09",
    "2026-02-30",
    "9999-12-31",
    "14:00",
    "7am",
    "7",
    "pm",
    "12:60",
    "noon",
    "at",
    "in",
    "an",
    "a",
    "0",
    "5",
    "999999",
    "minutes",
    "h",
    "days",
    "weeks",
    "20m",
    "with",
    "as",
    "and",
    "&",
    ",",
    ";",
    "(",
    ")",
    "(peer)",
    "Dana",
    "Lee",
    "#k7qd2",
    "k7qd2",
    "#",
    "all",
    "confirm",
    "Europe/Berlin",
    "utc",
    "\n",
    "\t",
    "`",
    "\u200b",
    "\u202e",
    "ﬁ",
    "\ufdfa",
    "\x00",
]


def _is_outcome(result: object) -> bool:
    return isinstance(result, ParseError | Command)


@FUZZ
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    """Any string at all parses to a command or a ParseError."""
    assert _is_outcome(_parse(text))


@FUZZ
@given(st.sampled_from(PREFIXES), st.sampled_from([" ", "\t", "\n", "  "]), st.text())
def test_each_command_word_with_arbitrary_tail_never_raises(
    prefix: str, gap: str, tail: str
) -> None:
    """Every command word and subcommand followed by any text parses without raising."""
    assert _is_outcome(_parse(prefix + gap + tail))


@FUZZ
@given(st.lists(st.sampled_from(VOCABULARY), max_size=14), st.sampled_from([" ", "  ", "\t"]))
def test_sentences_of_grammar_words_never_raise(tokens: list[str], gap: str) -> None:
    """Random sentences made of the grammar's own words parse without raising."""
    assert _is_outcome(_parse(gap.join(tokens)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.integers(3900, 4100), st.characters())
def test_long_input_never_raises(prefix: str, size: int, char: str) -> None:
    """Input around the 4000-character limit parses without raising."""
    assert _is_outcome(_parse(prefix + " " + char * size))


@FUZZ
@given(st.text(max_size=200))
def test_surrounding_whitespace_does_not_matter(text: str) -> None:
    """Leading and trailing whitespace never changes the outcome."""
    assert parse(f" \t{text}\n ") == parse(text)


@FUZZ
@given(st.text(max_size=200))
def test_the_prep_prefix_is_optional(text: str) -> None:
    """A console line with `/prep ` in front parses like the Slack text without it."""
    assume(not normalise(text).strip().lower().startswith(("prep", "/prep")))
    assert parse("/prep " + text) == parse(text)


@FUZZ
@given(st.text())
def test_errors_stay_short(text: str) -> None:
    """Error messages stay a short sentence or two, whatever was typed."""
    result = parse(text)
    if isinstance(result, ParseError):
        assert len(result.message) <= 300
        assert result.usage.startswith("/prep ")


# --- round trips: lines built from known parts parse back to those parts ---

# Latin letters that NFKC leaves alone (it folds a few, like the long s, on purpose).
LETTERS = st.characters(categories=["Lu", "Ll"], max_codepoint=0x024F).filter(
    lambda c: unicodedata.normalize("NFKC", c) == c
)
# Words the grammar reads as keywords next to a name or a time (`7:00 am`, `with`).
RESERVED = {"with", "as", "and", "at", "am", "pm"}
WORD = st.text(LETTERS, min_size=1, max_size=10).filter(lambda w: w.lower() not in RESERVED)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join).filter(lambda n: len(n) <= 60)
ROLE = st.none() | NAME
DATES = st.dates(date(2000, 1, 1), date(2100, 12, 31))
TIMES = st.times().map(lambda t: time(t.hour, t.minute))


def _clock(at: time, twelve: bool) -> str:
    if not twelve:
        return f"{at.hour}:{at.minute:02d}"
    return f"{(at.hour % 12) or 12}:{at.minute:02d}{'pm' if at.hour >= 12 else 'am'}"


@FUZZ
@given(
    DATES,
    TIMES,
    st.booleans(),
    NAME,
    st.none() | NAME,
    st.lists(st.tuples(NAME, ROLE), max_size=12, unique_by=lambda p: p[0].casefold()),
    st.sampled_from([", ", " and ", " & ", "; "]),
)
def test_interview_lines_round_trip(
    on: date,
    at: time,
    twelve: bool,
    company: str,
    title: str | None,
    people: list[tuple[str, str | None]],
    separator: str,
) -> None:
    """An interview line written from parts parses back to exactly those parts."""
    line = f"interview {on.isoformat()} {_clock(at, twelve)} {company}"
    if title is not None:
        line += f" as {title}"
    if people:
        line += " with " + separator.join(
            name if role is None else f"{name} ({role})" for name, role in people
        )
    expected = AddInterview(
        on=on,
        at=at,
        company=company,
        job_title=title,
        interviewers=tuple(InterviewerSpec(name, role) for name, role in people),
    )
    assert parse(line) == expected


WHENS = st.one_of(
    st.tuples(DATES, TIMES).map(
        lambda p: (f"{p[0].isoformat()} {_clock(p[1], False)}", AtLocal(p[0], p[1]))
    ),
    DATES.map(lambda d: (d.isoformat(), AtLocal(d, time(9, 0)))),
    TIMES.map(lambda t: (f"today {_clock(t, True)}", DayOffsetAt(0, t))),
    TIMES.map(lambda t: (f"tomorrow {_clock(t, False)}", DayOffsetAt(1, t))),
    st.integers(1, 525_600).map(lambda n: (f"in {n} minutes", AfterDelay(timedelta(minutes=n)))),
    st.integers(1, 8760).map(lambda n: (f"in {n}h", AfterDelay(timedelta(hours=n)))),
    st.integers(1, 365).map(lambda n: (f"in {n} days", AfterDelay(timedelta(days=n)))),
    st.integers(1, 52).map(lambda n: (f"in {n} weeks", AfterDelay(timedelta(weeks=n)))),
)
# Reminder text that cannot be mistaken for part of the when-spec: it starts with "do".
REMINDER_TEXT = st.text(min_size=1).map(lambda s: "do " + s)


@FUZZ
@given(WHENS, REMINDER_TEXT)
def test_remind_lines_round_trip(when: tuple[str, object], text: str) -> None:
    """A reminder written as `remind <when> <text>` parses back to that when and text."""
    spelled, expected_when = when
    expected_text = normalise(text).strip()
    assume(len(expected_text) <= 500)
    assert parse(f"remind {spelled} {text}") == Remind(expected_when, expected_text)


@FUZZ
@given(TIMES, st.booleans(), st.none() | WORD)
def test_daily_on_round_trips(at: time, twelve: bool, category: str | None) -> None:
    """`daily on <time> [category]` parses back to that time and lowercased category."""
    line = f"daily on {_clock(at, twelve)}" + (f" {category}" if category else "")
    expected = DailyOn(at=at, category=category.lower() if category else None)
    assert parse(line) == expected


@FUZZ
@given(NAME, st.booleans())
def test_thanks_sent_round_trips(name: str, with_id: bool) -> None:
    """`thanks sent <name> [id]` parses back to that name and id."""
    assume(name.lower() not in {"all", "everyone", "everybody"})
    short_id = new_short_id() if with_id else None
    line = f"thanks sent {name}" + (f" #{short_id.upper()}" if short_id else "")
    assert parse(line) == MarkThanksSent(who=name, interview_id=short_id)


@FUZZ
@given(st.text(ALPHABET + "0o1li", min_size=5, max_size=5))
def test_ids_normalise_case_and_hash(token: str) -> None:
    """An id-shaped token parses the same with `#` and in upper case."""
    assert parse_short_id("#" + token.upper()) == parse_short_id(token)
