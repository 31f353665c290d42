"""A plain message in the member's DM with prepbot: the answer to their open question.

Only the latest question given by `/prep practice` or the daily DM is open, and only
for a while (`bot.services.pending_practice`); anything else gets a pointer instead of
being read as an answer. Stored and reviewed exactly like `/prep answer <text>`.
"""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.grammar import MAX_ANSWER
from bot.handlers.answers import duration, reply_to_answer
from bot.replies import Button, Buttons, Paragraph, Reply
from bot.services.pending_practice import lapsed_question, open_question


def _pointer(text: str) -> Reply:
    return Reply(
        (
            Paragraph(text),
            Buttons((Button("Practise now", "practice"), Button("Help", "help"))),
        ),
        summary="No question is waiting for an answer",
    )


async def take_direct_message(
    text: str, ctx: HandlerContext, *, otherwise: Reply | None = None
) -> Reply:
    """Answer the open question with `text`, or say why it was not taken as an answer.

    `otherwise` is the reply when no question is open (the console's "no such command").
    """
    pending = await open_question(ctx.session, ctx.member.id, ctx.now)
    if pending is None and otherwise is not None:
        return otherwise
    if pending is None:
        lapsed = await lapsed_question(ctx.session, ctx.member.id, ctx.now)
        if lapsed is not None:
            ago = duration(int((ctx.now - lapsed.asked_at).total_seconds()))
            return _pointer(
                f"Your practice question was {ago} ago, so it no longer takes answers and I "
                "did not read this as one. `/prep practice` gives a new one."
            )
        return _pointer(
            "No question is waiting for your answer here, so I did not keep this. "
            "`/prep practice` gives a timed question (your next message answers it); "
            "commands start with `/prep`, like `/prep help`."
        )
    if not text:
        return _pointer("That message has no text I can read: reply with your answer in words.")
    if len(text) > MAX_ANSWER:
        return _pointer(
            f"That answer is {len(text)} characters; keep it under {MAX_ANSWER} (about "
            "three spoken minutes is plenty). Nothing was saved; the question is still open."
        )
    return await reply_to_answer(text, ctx, pending)
