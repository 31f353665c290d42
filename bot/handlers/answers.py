"""`/prep answer <text>` and a reply in DM: feedback that reads the answer against its question.

A timed practice question (`/prep practice`) or the daily question may be open; then the
answer is taken as its answer, timed from the question when it was a practice one. The
rule-based feedback is the whole reply; when the AI reviewer may read the answer, the
core sends its note afterwards, as a separate message (see `bot.app`).
"""

from __future__ import annotations

from datetime import datetime

from bot.commands.context import AiRequest, HandlerContext
from bot.commands.registry import handles
from bot.commands.types import Answer
from bot.content import Question
from bot.handlers.answer_feedback import review_blocks
from bot.handlers.review_notes import AI_FOLLOWS, AI_NOTICE
from bot.replies import Block, Button, Buttons, Header, Note, Reply
from bot.services.answers import latest_question_id, record_answer
from bot.services.pending_practice import Pending, close_question, open_question
from bot.services.review import Review, review_answer
from bot.services.review_consent import consent


def _question(question_id: str | None, ctx: HandlerContext) -> Question | None:
    if question_id is None:
        return None
    try:
        return ctx.content.question(question_id)
    except KeyError:  # a question retired from the packs since it was asked
        return None


def duration(seconds: int) -> str:
    """`45 s`, `1 min 40 s`, `2 h 5 min`: how long, as people say it."""
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def timing_note(pending: Pending, now: datetime, review: Review, label: str) -> str:
    """How long the member took, against how long the answer should be when spoken."""
    took = duration(max(0, int((now - pending.asked_at).total_seconds())))
    spoken = f"{review.seconds // 60}:{review.seconds % 60:02d}"
    return (
        f"*Time:* you took {took} from the question; a {label.lower()} answer aims at "
        f"{review.target.spoken} spoken. Typing is slower than speaking: said out loud, "
        f"yours runs about {spoken}."
    )


def _not_an_answer(review: Review, blocks: list[Block], pending: Pending | None) -> Reply:
    assert review.not_an_answer is not None
    again = (
        "Reply again with your answer, or `cancel`."
        if pending is not None
        else "Send `/prep answer <your answer>` to try again."
    )
    blocks += [
        Buttons((Button("Another question", "practice"),)),
        Note(f"Nothing was scored or saved. {again}"),
    ]
    return Reply(tuple(blocks), summary=f"Not an answer yet: {review.not_an_answer.reason}")


async def reply_to_answer(text: str, ctx: HandlerContext, pending: Pending | None) -> Reply:
    """Review `text` against the open question (else the latest), keep it if it is one."""
    if pending is not None:
        question_id: str | None = pending.question_id
    else:
        question_id = await latest_question_id(ctx.session, ctx.member.id)
    question = _question(question_id, ctx)
    blocks: list[Block] = [Header("Feedback on your answer")]
    reviewed = question
    if question is not None:
        blocks.append(Note(f"Question: {question.text}"))
        if ctx.content.categories[question.category].is_ask:
            # A question to ask has no answer to score: read it as a general story.
            blocks.append(Note("That one is for you to ask, so I read this as a general answer."))
            reviewed = None
    review = review_answer(text, reviewed, ctx.content)
    label = ctx.content.categories[review.coaching.id].label
    if pending is not None and pending.timed and review.scored:
        blocks.append(Note(timing_note(pending, ctx.now, review, label)))
    blocks += review_blocks(review, ctx.content)
    if not review.scored:
        return _not_an_answer(review, blocks, pending)
    record, _ = await record_answer(
        ctx.session, ctx.member.id, text, ctx.now, ctx.ids, question_id=question_id
    )
    if pending is not None:
        await close_question(ctx.session, ctx.member.id, pending, ctx.now)
    buttons = [Button("Practise another", "practice"), Button("Another question", "question")]
    if review.star is not None:
        buttons.insert(0, Button("Save as a story", f"stories attach {record.short_id}"))
    blocks.append(
        Note(
            f"Kept as answer `{record.short_id}`: any time, "
            f"`/prep stories attach {record.short_id}` makes it a story."
        )
    )
    blocks.append(Buttons(tuple(buttons)))
    decided = await consent(
        ctx.session,
        ctx.member.id,
        ctx.actor.platform,
        ctx.actor.team_id,
        configured=ctx.ai_configured,
        now=ctx.now,
    )
    rules = (
        "Read by fixed rules (word lists and counts a coach can tune): it checks shape and "
        "wording, not whether the story is a good one."
    )
    if decided.send:
        ctx.ai_request = AiRequest(
            answer=text,
            question=question.text if question is not None else None,
            category=label,
            rules_said=review.next_step,
            answer_id=record.short_id or "",
        )
        blocks.append(Note(f"{rules} {AI_FOLLOWS}"))
    else:
        blocks.append(Note(f"{rules} Nothing was sent anywhere."))
        if decided.tell:
            blocks.append(Note(AI_NOTICE))
    return Reply(tuple(blocks), summary=f"Answer feedback: {review.next_step}")


@handles(Answer)
async def answer(command: Answer, ctx: HandlerContext) -> Reply:
    """Review the answer against the open question (or the latest); keep it if it is one."""
    pending = await open_question(ctx.session, ctx.member.id, ctx.now)
    return await reply_to_answer(command.text, ctx, pending)
