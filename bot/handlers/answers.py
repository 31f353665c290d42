"""`/prep answer <text>`: feedback that reads the answer against the question asked."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import Answer
from bot.content import Question
from bot.handlers.answer_feedback import review_blocks
from bot.replies import Block, Button, Buttons, Header, Note, Reply
from bot.services.answers import latest_question_id, record_answer
from bot.services.review import Review, review_answer


def _question(question_id: str | None, ctx: HandlerContext) -> Question | None:
    if question_id is None:
        return None
    try:
        return ctx.content.question(question_id)
    except KeyError:  # a question retired from the packs since it was asked
        return None


def _not_an_answer(review: Review, blocks: list[Block]) -> Reply:
    assert review.not_an_answer is not None
    blocks += [
        Buttons((Button("Another question", "question"),)),
        Note("Nothing was scored or saved. Send `/prep answer <your answer>` to try again."),
    ]
    return Reply(tuple(blocks), summary=f"Not an answer yet: {review.not_an_answer.reason}")


@handles(Answer)
async def answer(command: Answer, ctx: HandlerContext) -> Reply:
    """Review the answer against the latest question; keep it only if it is one."""
    question = _question(await latest_question_id(ctx.session, ctx.member.id), ctx)
    blocks: list[Block] = [Header("Feedback on your answer")]
    reviewed = question
    if question is not None:
        blocks.append(Note(f"Question: {question.text}"))
        if ctx.content.categories[question.category].is_ask:
            # A question to ask has no answer to score: read it as a general story.
            blocks.append(Note("That one is for you to ask, so I read this as a general answer."))
            reviewed = None
    review = review_answer(command.text, reviewed, ctx.content)
    blocks += review_blocks(review, ctx.content)
    if not review.scored:
        return _not_an_answer(review, blocks)
    record, _ = await record_answer(ctx.session, ctx.member.id, command.text, ctx.now, ctx.ids)
    buttons = [Button("Another question", "question")]
    if review.star is not None:
        buttons.insert(0, Button("Save as a story", f"stories attach {record.short_id}"))
    blocks.append(
        Note(
            f"Kept as answer `{record.short_id}`: any time, "
            f"`/prep stories attach {record.short_id}` makes it a story."
        )
    )
    blocks += [
        Buttons(tuple(buttons)),
        Note(
            "Read by fixed rules (word lists and counts a coach can tune), nothing sent "
            "anywhere: it checks shape and wording, not whether the story is a good one."
        ),
    ]
    return Reply(tuple(blocks), summary=f"Answer feedback: {review.next_step}")
