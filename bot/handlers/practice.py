"""`/prep question [category]`: one practice question now."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import QuestionNow
from bot.content import ContentLibrary, Question
from bot.replies import Button, Buttons, Header, Note, Paragraph, Reply, error_reply
from bot.services.practice import give_question


def question_reply(content: ContentLibrary, question: Question, *, heading: str) -> Reply:
    """A practice question with its category's own advice and what a strong answer shows."""
    category = content.categories[question.category]
    coaching = content.coaching(category.id)
    hint = coaching.hint if coaching is not None else "Answer out loud."
    if category.is_ask:
        how = f"This is one to *ask* your interviewer. {hint}"
        why = f"_Why ask it:_ {question.strong}"
    else:
        how = f"{hint} Then type `/prep answer <your answer>` for feedback."
        why = f"_A strong answer shows:_ {question.strong}"
    return Reply(
        (
            Header(heading),
            Paragraph(f"*{question.text}*"),
            Note(f"Category: {category.label}"),
            Paragraph(how),
            Paragraph(why),
            Buttons(
                (
                    Button("Another question", "question"),
                    Button(f"More {category.label.lower()}", f"question {category.id}"),
                )
            ),
        ),
        summary=question.text,
    )


@handles(QuestionNow)
async def question_now(command: QuestionNow, ctx: HandlerContext) -> Reply:
    """Give the member a practice question they have not had yet."""
    category: str | None = None
    if command.category:
        category = ctx.content.resolve_category(command.category)
        if category is None:
            names = ", ".join(ctx.content.categories)
            return error_reply(
                f"I don't have a question category called that. Categories: {names}.",
                "/prep question [category]",
                "/prep question conflict",
            )
    question = await give_question(
        ctx.session, ctx.content, ctx.member.id, category, ctx.now, via="now"
    )
    return question_reply(ctx.content, question, heading="Practice question")
