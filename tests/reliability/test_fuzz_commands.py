"""Hostile input through the real handlers: every command word, every renderer.

Lines are built near-valid (so they reach deep into handlers, not just the grammar's
first error) with hostile free text: mentions, right-to-left overrides, control
characters, backticks and markdown, and strings up to 10,000 characters. Each runs
through `PrepBot.handle_text` as one of a few members on the console, Slack and Discord
(hostile display names and profile zones too, the payload fields the adapters read),
so state builds up across examples the way it does for a real member and the quotas
are reached. Every reply is rendered for all three platforms and checked there.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.commands.forms import COMMAND_WORDS
from bot.commands.grammar import parse
from bot.commands.text import collapse, normalise
from bot.commands.types import ParseError
from bot.db.engine import Database
from bot.db.models import (
    AnswerRecord,
    Delivery,
    Interview,
    Interviewer,
    Member,
    Reminder,
    ScheduledItem,
    Story,
)
from bot.replies import Note, Paragraph, Reply, plain_text
from bot.schedule.transport import Recipient
from bot.services.interviews import MAX_UPCOMING
from bot.services.reminders import MAX_ACTIVE
from bot.services.stories import MAX_STORIES
from tests.reliability.helpers import (
    FIGURES,
    ErrorLogs,
    assert_not_internal,
    check_reply,
    shown,
)
from tests.reliability.strategies import LINES, actors, mutated, person, text

EXAMPLES = 60  # per command word and backend: over 2,000 lines per run in all
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one database per test: state accumulates
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
ROUND_TRIP = settings(FUZZ, max_examples=60)
ERROR_MESSAGE_LIMIT = 300  # an error's first line: short enough to read at a glance
QUOTA_WORDS = "the most I keep"  # how every quota refusal says it


class Capture:
    """A transport that keeps the confirmation DMs a handler asks for."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.sent: list[Reply] = []

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        self.sent.append(reply)


@pytest.fixture
def bot(db: Database, clock: VirtualClock) -> PrepBot:
    transports = {name: Capture(name) for name in ("console", "slack", "discord")}
    return PrepBot(db, clock=clock, transports=transports)  # type: ignore[arg-type]


def _message(reply: Reply) -> str:
    first = next((b for b in reply.blocks if isinstance(b, Paragraph)), None)
    return plain_text(first.text) if first is not None else ""


def _shows_form(reply: Reply) -> bool:
    return any(isinstance(b, Note) and b.text.startswith("Use: `/prep ") for b in reply.blocks)


async def _run_checked(bot: PrepBot, actor: Actor, line: str) -> Reply:
    """Run one line and hold its answer (and any DM it sent) to the rules."""
    transport = bot.transports[actor.platform]
    assert isinstance(transport, Capture)
    before = len(transport.sent)
    with ErrorLogs() as errors:
        reply = await bot.handle_text(actor, line)
    assert errors.records == [], [r.getMessage() for r in errors.records]
    assert_not_internal(reply)
    check_reply(reply)
    for message in transport.sent[before:]:
        check_reply(message)
    if reply.is_error:
        message = _message(reply)
        assert message and len(message) <= ERROR_MESSAGE_LIMIT, message
        if isinstance(parse(line), ParseError):  # bad input: shows the form that works
            assert _shows_form(reply), reply
    return reply


@pytest.mark.parametrize("word", sorted(LINES))
@FUZZ
@given(data=st.data())
async def test_every_command_survives_hostile_lines(
    bot: PrepBot, word: str, data: st.DataObject
) -> None:
    """Hostile lines for each command: no crash, safe on every platform, short errors."""
    actor = data.draw(actors(), label="actor")
    line = data.draw(mutated(LINES[word]), label="line")
    FIGURES.fuzz_cases["command lines"] += 1
    await _run_checked(bot, actor, line)


def test_every_command_word_is_fuzzed() -> None:
    """The fuzz covers every command word the grammar knows (a new one must be added)."""
    assert set(COMMAND_WORDS) <= set(LINES), set(COMMAND_WORDS) - set(LINES)


# --- stored and shown literally ---

ANA = Actor("console", "ana", display_name="Ana", tz_hint="Europe/Berlin")


def _visible_everywhere(expected: str, reply: Reply) -> None:
    rendered = check_reply(reply)
    for name, shown_text in (
        ("plain", rendered.plain),
        ("slack", rendered.slack),
        ("discord", rendered.discord),
    ):
        want = collapse(expected)
        if name == "plain":  # the console shows short headers in capitals
            want, shown_text = want.upper(), shown_text.upper()
        assert want in collapse(shown_text), (name, expected, shown_text)


async def _clear(db: Database, *models: type) -> None:
    """Start an example from an empty bank (examples must not depend on earlier ones)."""
    async with db.session() as session:
        for model in models:
            await session.execute(delete(model))


@ROUND_TRIP
@given(title=text)
async def test_story_titles_are_stored_and_shown_literally(bot: PrepBot, db: Database, title: str):
    """A story title is stored as typed and shown literally (markup, mentions) everywhere."""
    FIGURES.fuzz_cases["literal round trips"] += 1
    await _clear(db, Story)
    reply = await _run_checked(bot, ANA, f"stories add {title}")
    if reply.is_error:
        return
    expected = shown(title)
    async with db.session() as session:
        story = await session.scalar(select(Story).order_by(Story.id.desc()).limit(1))
    assert story is not None and story.title == expected
    _visible_everywhere(expected, reply)
    _visible_everywhere(expected, await _run_checked(bot, ANA, f"stories show {story.short_id}"))


@ROUND_TRIP
@given(note=text)
async def test_reminder_text_is_stored_and_shown_literally(bot: PrepBot, db: Database, note: str):
    """A reminder keeps its text as typed and lists it literally."""
    FIGURES.fuzz_cases["literal round trips"] += 1
    await _clear(db, ScheduledItem, Delivery, Reminder)
    reply = await _run_checked(bot, ANA, f"remind in 2 hours {note}")
    if reply.is_error:
        return
    expected = normalise(f"remind in 2 hours {note}").strip()[len("remind in 2 hours ") :]
    async with db.session() as session:
        reminder = await session.scalar(select(Reminder).order_by(Reminder.id.desc()).limit(1))
    assert reminder is not None and reminder.text == expected.strip()
    listed = await _run_checked(bot, ANA, "reminders")
    first_line = reminder.text.splitlines()[0]
    if len(first_line) <= 60 and first_line == reminder.text:
        _visible_everywhere(first_line, listed)


@ROUND_TRIP
@given(company=text, who=person)
async def test_interview_text_is_stored_from_what_was_typed_and_shown_literally(
    bot: PrepBot, db: Database, company: str, who: str
):
    """Interview text is stored only from what was typed and shown literally everywhere."""
    FIGURES.fuzz_cases["literal round trips"] += 1
    await _clear(db, ScheduledItem, Delivery, Interview)
    line = f"interview 2026-03-09 14:00 {company} with {who}"
    reply = await _run_checked(bot, ANA, line)
    if reply.is_error:
        return
    typed = collapse(normalise(line))
    async with db.session() as session:
        interview = await session.scalar(select(Interview).order_by(Interview.id.desc()).limit(1))
        assert interview is not None
        people = list(
            await session.scalars(
                select(Interviewer).where(Interviewer.interview_id == interview.id)
            )
        )
    for stored in (interview.company, *(p.name for p in people), *(p.role or "" for p in people)):
        assert stored in typed
    if len(interview.company) <= 60:
        _visible_everywhere(interview.company, reply)
    drafts = await _run_checked(bot, ANA, f"thanks {interview.short_id}")
    for p in people:
        _visible_everywhere(p.name, drafts)


@ROUND_TRIP
@given(answer=text)
async def test_answers_are_stored_literally(bot: PrepBot, db: Database, answer: str):
    """A practised answer is kept as typed (normalised), never reformatted."""
    FIGURES.fuzz_cases["literal round trips"] += 1
    async with db.session() as session:
        before = await session.scalar(select(func.count()).select_from(AnswerRecord))
    reply = await _run_checked(bot, ANA, f"answer {answer}")
    if reply.is_error:
        return
    async with db.session() as session:
        stored = await session.scalar(
            select(AnswerRecord.text).order_by(AnswerRecord.id.desc()).limit(1)
        )
        after = await session.scalar(select(func.count()).select_from(AnswerRecord))
    if reply.summary.startswith("Not an answer yet"):
        # Noise is named, not scored, and the reply says nothing was kept: so nothing is.
        assert after == before
        return
    assert stored == normalise(f"answer {answer}").strip()[len("answer ") :].strip()


# --- limits and quotas ---

FIELDS = (
    # (what, line with {} for the field, its limit)
    ("story title", "stories add {}", 120),
    ("reminder text", "remind in 2 hours {}", 500),
    ("follow-up note", "followup in 30 days {}", 500),
    ("answer", "answer {}", 3000),
    ("company", "interview 2026-03-09 14:00 {} with Dana", 80),
    ("job title", "interview 2026-03-09 14:00 Acme as {} with Dana", 80),
    ("interviewer name", "interview 2026-03-09 14:00 Acme with {} (peer)", 60),
    ("interviewer role", "interview 2026-03-09 14:00 Acme with Dana ({})", 60),
)


@pytest.mark.parametrize(("what", "line", "limit"), FIELDS, ids=[f[0] for f in FIELDS])
async def test_every_free_text_field_has_a_limit_that_fits_the_database(
    bot: PrepBot, what: str, line: str, limit: int
) -> None:
    """Each free-text field takes its limit on every backend and refuses one more, clearly."""
    await _run_checked(bot, ANA, "interview 2026-03-05 10:00 Base with Kim")  # for follow-ups
    at_limit = await _run_checked(bot, ANA, line.format("a" * limit))
    assert not at_limit.is_error, at_limit
    over = await _run_checked(bot, ANA, line.format("b" * (limit + 1)))
    assert over.is_error and str(limit) in _message(over) and _shows_form(over)


QUOTAS = (
    ("reminders", "remind in {n} hours note {n}", MAX_ACTIVE, Reminder),
    ("interviews", "interview 2026-04-{day} 10:00 Co{n} with Dana", MAX_UPCOMING, Interview),
    ("stories", "stories add Story number {n}", MAX_STORIES, Story),
)


@pytest.mark.parametrize(("what", "line", "quota", "model"), QUOTAS, ids=[q[0] for q in QUOTAS])
async def test_per_member_quotas_refuse_clearly_and_store_nothing_more(
    bot: PrepBot, db: Database, what: str, line: str, quota: int, model: type
) -> None:
    """At a quota the next item is refused with the number and nothing more is stored."""
    for n in range(1, quota + 1):
        reply = await bot.handle_text(ANA, line.format(n=n, day=f"{n % 28 + 1:02d}"))
        assert not reply.is_error, (n, reply)
    refused = await _run_checked(bot, ANA, line.format(n=quota + 1, day="15"))
    message = _message(refused)
    assert refused.is_error and str(quota) in message and QUOTA_WORDS in message
    other = await _run_checked(bot, Actor("console", "bo"), line.format(n=1, day="02"))
    assert not other.is_error
    async with db.session() as session:
        count = await session.scalar(select(func.count()).select_from(model))
    assert count == quota + 1  # ana's quota, and bo's one


async def test_hostile_display_names_and_zones_from_a_platform_never_break_a_command(
    bot: PrepBot, db: Database
) -> None:
    """A 10,000-character profile name or impossible zone never breaks a command."""
    for name, zone in (("n" * 10_000, "x" * 300), ("<!channel>\u202e", "../../etc/passwd")):
        actor = Actor("slack", "U0ODD0001", "T0FAKE001", display_name=name, tz_hint=zone)
        reply = await _run_checked(bot, actor, "tz")
        assert "UTC" in check_reply(reply).plain
    async with db.session() as session:
        stored = await session.scalar(select(Member).where(Member.external_id == "U0ODD0001"))
    assert stored is not None and stored.tz == "UTC" and len(stored.display_name) <= 120
