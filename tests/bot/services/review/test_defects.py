"""The defects issue 17 reported, as a member saw them, each one a test."""

from __future__ import annotations

import pytest

from bot.app import PrepBot
from bot.content import default_library
from bot.kinds.daily_question import DailyQuestionKind
from bot.services.review import review_answer
from tests.bot.services.test_interviews_support import plain, say

RAMBLING = (
    "Um... like... I guess I am a team player, kind of. Like, when there was a "
    "disagreement on my team I, um, sort of talked to people and I guess it worked out in "
    "the end, you know. I think maybe I am a hard worker and a perfectionist."
)


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


async def test_keyboard_mash_is_not_scored(bot):
    """Nonsense with a digit is called a non-answer: no "there's a number", no save button."""
    reply = await say(bot, "answer asdf qwerty zxcv lorem ipsum banana 42")
    text = plain(reply)
    assert "not an answer yet" in text.lower()
    assert "there's a number" not in text and "Measurable result" not in text
    assert all(b.label != "Save as a story" for b in reply.buttons)


async def test_ok_is_too_short_to_score(bot):
    """`answer ok` says it is too short instead of "1 words" and "add the result"."""
    text = plain(await say(bot, "answer ok"))
    assert "too short" in text
    assert "1 words" not in text and "Add the result" not in text


async def test_rambling_answer_names_its_filler_hedges_and_cliches(bot):
    """Filler, hedges and cliches are counted with the words quoted."""
    await say(bot, "question conflict")
    text = plain(await say(bot, f"answer {RAMBLING}"))
    assert '"um" twice' in text and '"like" twice' in text
    assert '"i guess" twice' in text and '"kind of" once' in text
    assert '"team player"' in text and '"hard worker"' in text and '"perfectionist"' in text
    assert "Cut the filler" in text


async def test_answer_that_drifts_from_the_question_is_told_so(bot):
    """A conflict question answered with a story about a dashboard: the drift is named."""
    await say(bot, "question conflict")
    answer = (
        "Last year at my previous company I was asked to build a sales dashboard. I "
        "collected the data from three systems, wrote the queries and designed the "
        "charts with the sales lead. As a result the team cut its weekly reporting time "
        "from six hours to one, and the dashboard is still used every morning."
    )
    text = plain(await say(bot, f"answer {answer}"))
    assert "drifts" in text and "disagreement or conflict" in text
    assert "Answer the question asked" in text


async def test_a_year_is_not_a_measurable_result(bot):
    """A digit alone (a year) is not a result tied to an outcome."""
    answer = (
        "In 2019 I was working at a small agency when our biggest client threatened to "
        "leave. My task was to keep the account. I met their team, listened to the "
        "complaints and rebuilt the project plan with them. In the end they stayed with us."
    )
    text = plain(await say(bot, f"answer {answer}"))
    assert "Measurable result: no number tied to an outcome" in text


@pytest.mark.parametrize("category", ["motivation", "culture-fit"])
async def test_non_behavioural_feedback_has_no_star_wording(bot, category):
    """A motivation or fit answer is not judged as a STAR story."""
    await say(bot, f"question {category}")
    answer = (
        "I want this role because I enjoy building tools that help small teams work "
        "better. In my last job I built our reporting dashboard and loved talking with "
        "the people who used it. I value a team that gives honest feedback and I want "
        "to grow into product work here."
    )
    text = plain(await say(bot, f"answer {answer}"))
    for star in ("Situation:", "Task:", "Result:", "Add the result"):
        assert star not in text
    assert "How this kind of answer works" in text


def test_daily_dm_gives_each_category_its_own_hint():
    """The daily DM's advice fits the question: no STAR wording for "what do you want to learn"."""
    content = default_library()
    question = content.question("mot-learning-01")
    payload = {
        "question_id": question.id,
        "text": question.text,
        "category": question.category,
        "category_label": content.categories[question.category].label,
        "ask": False,
    }
    text = plain(DailyQuestionKind().render(payload, content))
    assert "a real example works best" not in text and "situation, task, action" not in text
    assert content.coaching("motivation").hint in text


async def test_questions_to_ask_are_not_labelled_as_answers(bot):
    """A question to ask an executive does not say "A strong answer shows"."""
    text = plain(await say(bot, "question ask-executive"))
    assert "A strong answer shows" not in text
    assert "Why ask it" in text


async def test_markup_laden_answer_is_stored_literally_and_quoted_safely(bot, db):
    """An answer full of mentions and markup is kept as typed; quotes of it stay escaped."""
    from sqlalchemy import select

    from bot.db.models import AnswerRecord

    text = (
        "Um, <!channel> @everyone *like*, when our `deploy` broke I led the fix and we "
        "cut the outage from 40 minutes to 5 minutes, as a result of my rollback plan."
    )
    reply = await say(bot, f"answer {text}")
    async with db.session() as session:
        stored = await session.scalar(select(AnswerRecord.text))
    assert stored == text
    shown = plain(reply)
    assert '"um" once' in shown
    # The feedback quotes the words it counted, never the member's markup or mentions.
    assert "<!channel>" not in shown and "@everyone" not in shown


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("errors dropped by 85 percent", "errors dropped by 85 percent"),
        ("conversion rose 12.5% in a month", "conversion rose 12.5% in a"),
        ("we saved €120 a week", "we saved €120 a week"),
    ],
)
def test_a_measure_is_quoted_with_its_whole_number(text, quote):
    """Seen while checking issue 17's practice replies: "85 percent" was quoted as
    "8 5 percent" (the match began at the number's last digit)."""
    answer = f"Our checkout kept failing. I led the fix with two engineers. As a result {text}."
    found = review_answer(answer, None, default_library()).measure
    assert found.measurable and found.quote is not None
    assert quote in found.quote
