"""`answer`: deterministic STAR feedback, recorded against the latest question."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.app import PrepBot
from bot.commands.grammar import parse
from bot.commands.types import AddStory, AttachAnswer
from bot.db.models import AnswerRecord, AskedQuestion, Story
from bot.services import answers
from bot.services.star import TITLE_LIMIT, analyse, suggest_title
from tests.bot.services.test_interviews_support import plain, say

STRONG = (
    "Last year at my previous company our checkout service kept failing during sales. "
    "As the on-call lead, my goal was to stop the outages before the holiday peak, which "
    "was six weeks away. I pulled three months of incident logs and found that most "
    "failures came from one slow database query. I wrote a proposal, got the team to agree "
    "to a two-week freeze on new features, and paired with two engineers to rewrite the "
    "query and add a cache in front of it. I also set up an alert so we would see the "
    "problem before customers did, and I ran a short drill with the support team so they "
    "knew what to say if anything broke. I kept the product manager updated every day, "
    "because the freeze pushed back a feature she had promised a client, and we agreed on "
    "a new date together. As a result, checkout errors dropped by 85 percent, we had zero "
    "outages during the holiday peak, and the page got 300 milliseconds faster, which the "
    "sales team said helped conversion. I learned to measure before I fix anything."
)


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


def test_a_strong_answer_has_every_part():
    """A full STAR answer of ~200 words: all parts, right length, a measurable result."""
    feedback = analyse(STRONG)
    assert feedback.missing == []
    assert feedback.length == "ok" and 120 <= feedback.words <= 320
    assert feedback.measurable
    assert feedback.i_count > feedback.we_count
    assert "2-minute timer" in feedback.next_step


def test_missing_result_comes_first():
    """Without an ending the next step is to add the result, with a number."""
    feedback = analyse("Our team was behind on a launch. I needed to fix it. I organised the plan.")
    assert feedback.parts == {"situation": True, "task": True, "action": True, "result": False}
    assert feedback.length == "short"
    assert feedback.next_step.startswith("Add the result")


def test_no_number_in_the_result():
    """A result without a number, %, time or money is called out."""
    text = STRONG.replace("85 percent", "a lot").replace("300 milliseconds", "much")
    text = text.replace("two-week", "short").replace("three months", "months")
    feedback = analyse(text.replace("zero", "no"))
    assert not feedback.measurable
    assert "number" in feedback.next_step


def test_we_heavy_answer():
    """Mostly "we": the step asks what the member did."""
    text = " ".join(
        ["We planned it, we built it and we shipped it, so our users got 20% more."] * 12
    )
    feedback = analyse(text)
    assert feedback.we_count > feedback.i_count
    assert '"I"' in feedback.next_step


def test_too_long():
    """Over ~320 words (more than about two minutes and a half) is flagged long."""
    feedback = analyse(" ".join([STRONG] * 2))
    assert feedback.length == "long" and feedback.seconds > 150


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_gets_feedback_and_a_usable_title(text):
    """Never raises, is deterministic, and the title always makes a valid button command."""
    assert analyse(text) == analyse(text)
    title = suggest_title(text)
    command = f"stories add {title}"
    assert 0 < len(title) <= TITLE_LIMIT and len(command) <= 90
    assert isinstance(parse(command), AddStory)


def test_a_bar_in_the_answer_never_reaches_the_title():
    """Found by the property above (`A|`): `|` splits title from text, so a title has none."""
    assert suggest_title("A|") == "A"
    assert isinstance(parse(f"stories add {suggest_title('Fixed | the build')}"), AddStory)


def test_title_is_the_opening_clause():
    """The title comes from the first clause, short enough for a button."""
    assert suggest_title(STRONG) == "Last year at my previous company our checkout service kept"
    assert suggest_title("When our release slipped two weeks, I re-planned.") == (
        "When our release slipped two weeks"
    )


async def test_answer_is_recorded_against_the_latest_question(bot, db):
    """The AnswerRecord carries the last question's id; the reply shows the question."""
    question = plain(await say(bot, "question conflict"))
    reply = await say(bot, f"answer {STRONG}")
    async with db.session() as session:
        asked = await session.scalar(select(AskedQuestion))
        record = await session.scalar(select(AnswerRecord))
    assert record.question_id == asked.question_id and record.text == STRONG
    text = plain(reply)
    assert question.splitlines()[2] in text  # the question's text
    for label in ("Situation", "Task", "Action", "Result", "Length", "Measurable result"):
        assert label in text
    assert "Next step" in text


async def test_save_button_keeps_the_answer_as_a_story(bot, db):
    """The "Save as a story" button attaches this answer, titled from its opening."""
    reply = await say(bot, f"answer {STRONG}")
    button = next(b for b in reply.buttons if b.label == "Save as a story")
    assert isinstance(parse(button.command), AttachAnswer)
    added = await say(bot, button.command)
    assert "Its text is your answer" in plain(added)
    async with db.session() as session:
        story = await session.scalar(select(Story))
    assert story.body == STRONG and story.title == suggest_title(STRONG)
    assert "pressure" in story.themes


async def test_without_a_question_the_answer_still_counts(bot, db):
    """No question asked yet: feedback as usual, recorded with no question id."""
    reply = await say(
        bot,
        "answer I fixed the build on my first week there. It was much faster after, "
        "and the team could ship twice a day.",
    )
    assert not reply.is_error
    async with db.session() as session:
        record = await session.scalar(select(AnswerRecord))
    assert record.question_id is None


async def test_old_answers_are_pruned(bot, db, monkeypatch):
    """Only the newest answers are kept, so history cannot grow without bound."""
    monkeypatch.setattr(answers, "MAX_KEPT", 3)
    for n in range(5):
        story = "at the story of the time I fixed our build when it broke."
        await say(bot, f"answer This is attempt {n} {story}")
    async with db.session() as session:
        texts = list(await session.scalars(select(AnswerRecord.text).order_by(AnswerRecord.id)))
    assert [t.split()[3] for t in texts] == ["2", "3", "4"]
