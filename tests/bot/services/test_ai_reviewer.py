"""The optional AI reviewer against a local fake OpenAI-compatible server.

The rule-based feedback always comes first and stands alone; the AI note follows as
its own message only when the service answered well in time, and only for members
who were told and did not opt out, in communities whose admin left it on.
"""

from __future__ import annotations

import io
import logging
import socket
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from pydantic import SecretStr

from adapters.console.transport import ConsoleTransport
from bot.app import PrepBot
from bot.commands.context import AiRequest
from bot.config import Settings
from bot.services.ai_reviewer import AiReviewer, endpoint, reviewer_from, tidy
from tests.bot.services.test_answers import STRONG
from tests.bot.services.test_interviews_support import actor, plain, say
from tests.fakes.openai_api import GOOD_NOTE, FakeOpenAI

KEY = "sk-test-never-in-a-log-1234"
REQUEST = AiRequest(
    answer=STRONG,
    question="Tell me about a time you fixed something under pressure.",
    category="Behavioral",
    rules_said="Practise it out loud.",
    answer_id="ab12c",
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    server = await FakeOpenAI().start()
    yield server
    await server.close()


def reviewer(fake: FakeOpenAI, timeout: float = 5.0) -> AiReviewer:
    return AiReviewer(url=fake.url, model="llama3.2", key=SecretStr(KEY), timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the client on its own ---


async def test_a_good_reply_is_the_note(fake):
    """A chat completion's content comes back, tidied; the request has model, messages, key."""
    assert await reviewer(fake).review(REQUEST) == GOOD_NOTE
    [sent] = fake.requests
    assert sent["authorization"] == f"Bearer {KEY}"
    assert sent["body"]["model"] == "llama3.2" and sent["body"]["stream"] is False
    system, user = fake.last_messages()
    assert system["role"] == "system" and user["role"] == "user"
    assert REQUEST.question in user["content"] and "checkout service" in user["content"]


async def test_too_slow_is_nothing(fake, caplog):
    """Past the timeout the reviewer gives up with one warning line and no note."""
    fake.mode, fake.delay = "slow", 5.0
    with caplog.at_level(logging.WARNING):
        assert await reviewer(fake, timeout=0.3).review(REQUEST) is None
    assert "longer than" in caplog.text


async def test_down_is_nothing(caplog):
    """Nothing listening at the URL: no note, one warning."""
    down = AiReviewer(url=f"http://127.0.0.1:{free_port()}/v1", model="m", timeout=2)
    with caplog.at_level(logging.WARNING):
        assert await down.review(REQUEST) is None
    assert "unreachable" in caplog.text


@pytest.mark.parametrize("status", [429, 500, 503, 401])
async def test_http_errors_are_nothing(fake, status, caplog):
    """Rate limited, broken or refused: no note, the status in the log line."""
    fake.mode, fake.status = "status", status
    with caplog.at_level(logging.WARNING):
        assert await reviewer(fake).review(REQUEST) is None
    assert f"HTTP {status}" in caplog.text


@pytest.mark.parametrize("mode", ["not-json", "wrong-shape", "empty"])
async def test_wrong_json_is_nothing(fake, mode, caplog):
    """A body that is not JSON, a legacy shape or empty content: no note."""
    fake.mode = mode
    with caplog.at_level(logging.WARNING):
        assert await reviewer(fake).review(REQUEST) is None
    assert "no usable reply" in caplog.text


async def test_the_key_and_the_answer_never_reach_the_log(fake, caplog):
    """Whatever fails, the key and the member's words stay out of the log."""
    with caplog.at_level(logging.DEBUG):
        for mode in ("status", "not-json", "wrong-shape", "good"):
            fake.mode = mode
            await reviewer(fake).review(REQUEST)
    assert KEY not in caplog.text and "checkout service" not in caplog.text
    assert KEY not in repr(reviewer(fake))


def test_endpoint_accepts_the_usual_base_urls():
    """`http://host:11434`, `.../v1` and the full path all reach chat completions."""
    full = "http://127.0.0.1:11434/v1/chat/completions"
    for url in ("http://127.0.0.1:11434", "http://127.0.0.1:11434/v1/", full):
        assert endpoint(url) == full


def test_a_long_note_is_capped_on_a_word():
    """The model may ramble; the member sees at most 1200 characters."""
    capped = tidy("word " * 1000)
    assert len(capped) <= 1200 and capped.endswith("…")


def test_settings_switch_it_on_only_with_url_and_model():
    """Off by default; PREPBOT_AI_URL and PREPBOT_AI_MODEL switch it on; the key is secret."""
    assert reviewer_from(Settings(_env_file=None)) is None  # type: ignore[call-arg]
    assert reviewer_from(Settings(_env_file=None, prepbot_ai_url="http://x/v1")) is None  # type: ignore[call-arg]
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        prepbot_ai_url="http://127.0.0.1:11434/v1",
        prepbot_ai_model="llama3.2",
        prepbot_ai_key="sk-secret",
    )
    built = reviewer_from(settings)
    assert built is not None and built.model == "llama3.2" and built.timeout == 8.0
    assert "sk-secret" not in repr(settings) and "sk-secret" not in str(settings.model_dump())


def test_settings_read_the_prefixed_environment(monkeypatch):
    """The deployment admin sets it through the environment, PREPBOT_AI_*."""
    monkeypatch.setenv("PREPBOT_AI_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("PREPBOT_AI_MODEL", "qwen2.5")
    monkeypatch.setenv("PREPBOT_AI_TIMEOUT_SECONDS", "3")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.ai_configured and settings.ai_timeout_seconds == 3.0


# --- through the core: the feedback first, then the note as its own message ---


@pytest.fixture
def out() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def make_bot(db, clock, out):
    def build(review: AiReviewer | None) -> PrepBot:
        transport = ConsoleTransport(out, clock=clock)
        return PrepBot(db, clock=clock, transports={"console": transport}, reviewer=review)

    return build


async def answer_twice(bot: PrepBot) -> tuple[str, str]:
    """The first answer (told about the reviewer), then the second one."""
    first = plain(await say(bot, f"answer {STRONG}"))
    await bot.follow_ups()
    second = plain(await say(bot, f"answer {STRONG}"))
    await bot.follow_ups()
    return first, second


async def test_told_before_the_first_answer_goes_out(fake, make_bot, out):
    """The first answer is not sent (the member is told); the second one is, after it."""
    bot = make_bot(reviewer(fake))
    first, second = await answer_twice(bot)
    assert "About the AI reviewer" in first and "This one was not sent" in first
    assert "second opinion follows" in second
    assert len(fake.requests) == 1
    dm = out.getvalue()
    assert "AI REVIEWER: A SECOND OPINION" in dm.upper() and "Strong ending" in dm
    assert "not by a person" in dm


async def test_practice_tells_first_so_the_first_answer_goes(fake, make_bot, out):
    """`practice` shows the notice before the question is answered: that answer goes out."""
    bot = make_bot(reviewer(fake))
    assert "About the AI reviewer" in plain(await say(bot, "practice"))
    await bot.handle_message(replace(actor(), in_dm=True), STRONG)
    await bot.follow_ups()
    assert len(fake.requests) == 1 and "Strong ending" in out.getvalue()


@pytest.mark.parametrize("mode", ["slow", "status", "not-json", "wrong-shape"])
async def test_the_feedback_stands_alone_when_the_service_fails(fake, make_bot, out, mode):
    """Slow, erroring or wrong JSON: the rule-based feedback is whole, and no AI message."""
    fake.mode, fake.delay = mode, 5.0
    bot = make_bot(reviewer(fake, timeout=0.3))
    _, second = await answer_twice(bot)
    assert "Next step" in second and "Situation: found" in second
    assert "SECOND OPINION" not in out.getvalue().upper()


async def test_the_feedback_does_not_wait_for_a_slow_service(fake, make_bot, out):
    """The reply is decided before the reviewer answers: it is back while the call hangs."""
    fake.mode, fake.delay = "slow", 5.0
    bot = make_bot(reviewer(fake, timeout=2.0))
    await answer_twice(bot)  # told, then one call that times out
    reply = await say(bot, f"answer {STRONG}")
    assert "second opinion follows" in plain(reply)
    assert bot._follow_ups  # still asking; the member already has the feedback
    await bot.follow_ups()


async def test_review_off_sends_nothing(fake, make_bot, out):
    """`review off` is honoured from the next answer on; `review on` brings it back."""
    bot = make_bot(reviewer(fake))
    assert "your choice is *off*" in (await say(bot, "review off")).blocks[0].text  # type: ignore[attr-defined]
    await answer_twice(bot)
    assert fake.requests == []
    assert "reads your answers" in plain(await say(bot, "review on"))
    await say(bot, f"answer {STRONG}")
    await bot.follow_ups()
    assert len(fake.requests) == 1  # choosing counted as being told


async def test_admin_switches_it_off_for_the_community(fake, make_bot, out):
    """`admin ai off` (an admin) stops it for everyone; a non-admin is refused."""
    bot = make_bot(reviewer(fake))
    member = replace(actor(), team_id="T1")
    admin = replace(actor("ada"), team_id="T1", is_admin=True)
    assert "Only community admins" in plain(await bot.handle_text(member, "admin ai off"))
    assert "for this community: off" in plain(await bot.handle_text(admin, "admin ai off"))
    for _ in range(2):
        await bot.handle_text(member, f"answer {STRONG}")
    await bot.follow_ups()
    assert fake.requests == []
    assert "switched the AI reviewer off" in plain(await bot.handle_text(member, "review status"))
    assert "for this community: on" in plain(await bot.handle_text(admin, "admin ai on"))


async def test_without_a_reviewer_nothing_is_said_about_one(make_bot, out):
    """Off by default: no notice, `review status` says none is set up."""
    bot = make_bot(None)
    first, second = await answer_twice(bot)
    assert "AI reviewer" not in first and "Nothing was sent anywhere" in second
    assert "No AI reviewer is set up" in plain(await say(bot, "review status"))


async def test_the_note_is_escaped_and_cannot_ping(fake, make_bot, out):
    """Markup and mentions from the model are shown as text (escaped by `literal`)."""
    fake.content = "Great! *bold* _it_ `code` <!channel> @everyone <@U123>"
    bot = make_bot(reviewer(fake))
    await answer_twice(bot)
    shown = out.getvalue()
    assert "*bold* _it_ `code` <!channel> @everyone <@U123>" in shown  # literal, not markup


async def test_a_graceful_stop_waits_briefly_then_drops_the_note(fake, make_bot, out):
    """Stopping: a note still under way after the grace period is dropped, not awaited."""
    fake.mode, fake.delay = "slow", 5.0
    bot = make_bot(reviewer(fake, timeout=5.0))
    await say(bot, f"answer {STRONG}")  # told, not sent
    await say(bot, f"answer {STRONG}")  # sent: the fake holds it for 5 s
    await bot.finish_follow_ups(within=0.2)
    assert not bot._follow_ups
    assert "SECOND OPINION" not in out.getvalue().upper()
