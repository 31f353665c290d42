"""`/prep practice [category]`: a question whose answer is the member's next message.

The question is given as `/prep question` gives one, and opened for an answer (kept in
the database, so a restart in between loses nothing). On Slack and Discord the question
also comes by DM, where a plain reply is the answer; on the console the next line is.
The answer is timed from now. `review on|off|status` is the member's say on the AI
reviewer, which reads answers only when the deployment and the community allow it.
"""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import AiReview, CancelPractice, Practice
from bot.content import ContentLibrary, Question
from bot.handlers.review_notes import AI_NOTICE
from bot.replies import Button, Buttons, Header, Note, Paragraph, Reply, error_reply
from bot.services.pending_practice import (
    PRACTICE_WINDOW,
    close_question,
    open_question,
    start_practice,
)
from bot.services.practice import give_question
from bot.services.review_consent import consent, member_choice, set_member, team_allows

#: The platform whose "DM" is the terminal itself: the next line typed is the answer.
CONSOLE = "console"


def _how_to_answer(platform: str) -> str:
    hours = int(PRACTICE_WINDOW.total_seconds() // 3600)
    where = (
        "Type your answer as the next line."
        if platform == CONSOLE
        else "Reply to me in a direct message with your answer (I have sent you the question "
        "there), or use `/prep answer <text>`."
    )
    return (
        f"{where} The clock started now. Say it out loud first if you can. `cancel` stops "
        f"it; after {hours} hours the question stops taking answers."
    )


def practice_reply(content: ContentLibrary, question: Question, platform: str) -> Reply:
    """The question, its category's advice, and how to answer it here."""
    category = content.categories[question.category]
    coaching = content.coaching(category.id)
    hint = coaching.hint if coaching is not None else "Answer out loud."
    target = coaching.length.spoken if coaching is not None and coaching.length else None
    aim = f" Aim for {target} spoken." if target else ""
    return Reply(
        (
            Header("Timed practice"),
            Paragraph(f"*{question.text}*"),
            Note(f"Category: {category.label}"),
            Paragraph(f"{hint}{aim}"),
            Paragraph(_how_to_answer(platform)),
            Buttons((Button("Cancel", "practice cancel"),)),
        ),
        summary=f"Timed practice: {question.text}",
    )


@handles(Practice)
async def practice(command: Practice, ctx: HandlerContext) -> Reply:
    """Give a question, open it for the member's next message, and start the clock."""
    category: str | None = None
    if command.category:
        category = ctx.content.resolve_category(command.category)
        if category is None or ctx.content.categories[category].is_ask:
            names = ", ".join(c for c, cat in ctx.content.categories.items() if not cat.is_ask)
            return error_reply(
                f"I have no practice category called that. Categories: {names}.",
                "/prep practice [category]",
                "/prep practice conflict",
            )
    question = await give_question(
        ctx.session, ctx.content, ctx.member.id, category, ctx.now, via="practice"
    )
    await start_practice(ctx.session, ctx.member.id, question.id, ctx.now)
    reply = practice_reply(ctx.content, question, ctx.actor.platform)
    decided = await consent(
        ctx.session,
        ctx.member.id,
        ctx.actor.platform,
        ctx.actor.team_id,
        configured=ctx.ai_configured,
        now=ctx.now,
    )
    if decided.tell:  # told before the first answer, so this answer may go out
        reply = reply.with_blocks(Note(AI_NOTICE.replace(" This one was not sent.", "")))
    if ctx.actor.platform != CONSOLE and not ctx.actor.in_dm:
        # The DM is where a plain reply is read as the answer: the question goes there too.
        ctx.confirm_by_dm = _dm_version(ctx.content, question)
    return reply


@handles(CancelPractice)
async def cancel_practice(command: CancelPractice, ctx: HandlerContext) -> Reply:
    """Stop the open question taking answers (the member's `cancel` or `skip`)."""
    pending = await open_question(ctx.session, ctx.member.id, ctx.now)
    if pending is None:
        return Reply(
            (Paragraph("No question is waiting for your answer. `/prep practice` gives one."),),
            summary="Nothing to cancel",
        )
    await close_question(ctx.session, ctx.member.id, pending, ctx.now)
    return Reply(
        (
            Paragraph("Stopped: I won't read your next message as an answer to that question."),
            Buttons((Button("Practise another", "practice"),)),
        ),
        summary="Practice stopped",
    )


def _dm_version(content: ContentLibrary, question: Question) -> Reply:
    category = content.categories[question.category]
    return Reply(
        (
            Header("Timed practice"),
            Paragraph(f"*{question.text}*"),
            Note(f"Category: {category.label}"),
            Paragraph("Reply here with your answer: the clock is running. `cancel` stops it."),
        ),
        summary=f"Timed practice: {question.text}",
    )


@handles(AiReview)
async def ai_review(command: AiReview, ctx: HandlerContext) -> Reply:
    """The member's own say on the AI reviewer."""
    if command.setting in ("on", "off"):
        await set_member(ctx.session, ctx.member.id, command.setting == "on", ctx.now)
    choice = await member_choice(ctx.session, ctx.member.id)
    mine = choice is None or choice.enabled
    team = await team_allows(ctx.session, ctx.actor.platform, ctx.actor.team_id)
    if not ctx.ai_configured:
        state = "No AI reviewer is set up here, so every answer is read by the rules only."
    elif not team:
        state = "Your community's admin switched the AI reviewer off for everyone here."
    elif mine:
        state = (
            "An AI reviewer reads your answers (after the rule-based feedback, as a "
            "separate message)."
        )
    else:
        state = "Your answers are read by the rules only; none go to the AI reviewer."
    yours = "on" if mine else "off"
    return Reply(
        (
            Paragraph(f"*AI reviewer:* your choice is *{yours}*. {state}"),
            Note(
                "`/prep review off` keeps every answer to the rules only; `/prep review on` "
                "lets the AI reviewer read them when your community has it."
            ),
        ),
        summary=f"AI reviewer: {yours}",
    )
