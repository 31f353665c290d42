"""Timed practice on Slack: `/prep practice`, then a message in the app's DM is the answer.

The real bolt app receives signed `event_callback` requests (`message.im`) over HTTP and
answers through the fake Web API, which checks every block against Slack's rules.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import SecretStr
from sqlalchemy import select

from bot.db.models import AnswerRecord
from bot.services.ai_reviewer import AiReviewer
from tests.adapters.slack.blockkit import button, plain
from tests.adapters.slack.conftest import ANA, BEN
from tests.bot.services.test_answers import STRONG
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.slack_api import BOT_ID, BOT_USER_ID, event_callback, validate_blocks


def dm_text(fake, user=ANA) -> list[str]:
    return [plain(m.get("blocks") or []) or m.get("text", "") for m in fake.dms_to(user)]


async def answers(slack) -> list[AnswerRecord]:
    async with slack.bot.db.session() as session:
        return list((await session.scalars(select(AnswerRecord))).all())


async def test_practice_sends_the_question_by_dm_and_the_reply_is_timed(slack):
    """The command answers in the channel and DMs the question; the DM reply gets feedback."""
    answer = await slack.command("practice conflict")
    assert "Timed practice" in plain(answer.blocks)
    assert "direct message" in plain(answer.blocks)
    [question] = dm_text(slack.fake)
    assert "Reply here with your answer" in question
    slack.bot.clock.set(slack.bot.clock.now() + timedelta(seconds=100))
    assert await slack.event(slack.fake.user_dm(ANA, STRONG)) == 200
    *_, feedback = slack.fake.dms_to(ANA)
    assert validate_blocks(feedback["blocks"]) == []
    shown = plain(feedback["blocks"])
    assert "you took 1 min 40 s" in shown and "Situation\nfound" in shown
    assert len(await answers(slack)) == 1


async def test_slack_escapes_in_the_dm_text_are_read_as_typed(slack):
    """Slack sends `&lt;` for `<`: the stored answer is what the member typed."""
    await slack.command("practice")
    text = STRONG + " I said &lt;!channel&gt; once."
    await slack.event(slack.fake.user_dm(ANA, text))
    [record] = await answers(slack)
    assert record.text.endswith("I said <!channel> once.")


async def test_other_messages_in_the_dm_never_count(slack):
    """Bot posts, edits, thread replies and another person's DM are not answers."""
    await slack.command("practice")
    before = len(slack.fake.dms_to(ANA))
    # Our own post: bolt drops the app's own events before any listener runs.
    own = {**slack.fake.user_dm(ANA, STRONG), "bot_id": BOT_ID, "user": BOT_USER_ID}
    status, _, _ = await slack.post(
        event_callback(own), content_type="application/json", wait=False
    )
    assert status == 200
    ignored = [
        slack.fake.user_dm(ANA, STRONG, subtype="message_changed"),
        slack.fake.user_dm(ANA, STRONG, thread_ts="1.000001"),
        slack.fake.user_dm(ANA, STRONG, bot_id="B0OTHER"),
    ]
    for event in ignored:
        assert await slack.event(event) == 200
    assert len(slack.fake.dms_to(ANA)) == before and await answers(slack) == []
    # Ben has no open question: his DM is not Ana's answer, and he gets a pointer.
    await slack.event(slack.fake.user_dm(BEN, STRONG))
    assert "No question is waiting" in dm_text(slack.fake, BEN)[-1]
    assert await answers(slack) == []


async def test_a_dm_after_the_window_is_not_an_answer(slack):
    """Two hours on, the DM gets "expired", and nothing is stored."""
    await slack.command("practice")
    slack.bot.clock.set(slack.bot.clock.now() + timedelta(hours=3))
    await slack.event(slack.fake.user_dm(ANA, STRONG))
    assert "no longer takes answers" in dm_text(slack.fake)[-1]
    assert await answers(slack) == []


async def test_cancel_and_a_prep_line_in_the_dm(slack):
    """`/prep help` typed as a DM message runs; `cancel` stops the question."""
    await slack.command("practice")
    await slack.event(slack.fake.user_dm(ANA, " /prep help"))
    assert "practice" in dm_text(slack.fake)[-1]
    await slack.event(slack.fake.user_dm(ANA, "cancel"))
    assert "won't read your next message" in dm_text(slack.fake)[-1]
    await slack.event(slack.fake.user_dm(ANA, STRONG))
    assert await answers(slack) == []


async def test_the_ai_note_follows_in_the_dm_escaped(slack):
    """With a reviewer: the feedback first, then the AI note as its own, escaped DM."""
    server = await FakeOpenAI(content="Nice. <!channel> *loud* <@U0BEN0002>").start()
    try:
        slack.bot.reviewer = AiReviewer(url=server.url, model="m", key=SecretStr("k"))
        await slack.command("review on")  # choosing counts as being told
        await slack.command("practice conflict")
        await slack.event(slack.fake.user_dm(ANA, STRONG))
        await slack.bot.follow_ups()
        *_, feedback, note = slack.fake.dms_to(ANA)
        assert "Situation\nfound" in plain(feedback["blocks"])
        assert validate_blocks(note["blocks"]) == []
        raw = str(note["blocks"])
        assert "AI reviewer" in raw
        # The model's words travel as rich-text `text` elements, which Slack shows as
        # typed: no `broadcast` or `user` element, and no mrkdwn holding them.
        [body] = [b for b in note["blocks"] if b["type"] == "rich_text"]
        spans = [e for section in body["elements"] for e in section["elements"]]
        assert {e["type"] for e in spans} == {"text"}
        assert "Nice. <!channel> *loud* <@U0BEN0002>" in "".join(e["text"] for e in spans)
        mrkdwn = [b for b in note["blocks"] if b["type"] in ("section", "context")]
        assert "<!channel>" not in str(mrkdwn) and "<@U0BEN0002>" not in str(mrkdwn)
    finally:
        await server.close()


async def test_practise_another_pressed_in_the_dm_asks_once(slack):
    """The feedback's "Practise another" in the DM: one new question there, not two."""
    await slack.command("practice")
    await slack.event(slack.fake.user_dm(ANA, STRONG))
    *_, feedback = slack.fake.dms_to(ANA)
    before = len(slack.fake.dms_to(ANA))
    dm_channel = "D" + ANA[1:]
    container = {"type": "message", "message_ts": "1.2", "channel_id": dm_channel}
    await slack.press(
        button(feedback["blocks"], "Practise another"), container=container, channel=dm_channel
    )
    new = dm_text(slack.fake)[before:]
    assert len(new) == 1 and "Timed practice" in new[0]
    await slack.event(slack.fake.user_dm(ANA, STRONG))
    assert "you took" in dm_text(slack.fake)[-1]
