"""`/prep answer <text>`: structural STAR feedback, and a button to keep it as a story."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import Answer
from bot.replies import Block, Button, Buttons, Fields, Header, Note, Paragraph, Reply
from bot.services.answers import record_answer
from bot.services.star import StarFeedback, suggest_title

_MISSING = {
    "situation": "not found: a sentence on where you were and what was going on",
    "task": "not found: what you had to achieve, and why it mattered",
    "action": 'not found: what *you* did ("I decided...", "I built...")',
    "result": "not found: how it ended",
}


def _length(feedback: StarFeedback) -> str:
    spoken = (
        f"{feedback.words} words, about {feedback.seconds // 60}:{feedback.seconds % 60:02d} spoken"
    )
    if feedback.length == "short":
        return f"{spoken}: short for a 1-2 minute answer"
    if feedback.length == "long":
        return f"{spoken}: long; aim for 1-2 minutes"
    return f"{spoken}: right for 1-2 minutes"


def feedback_fields(feedback: StarFeedback) -> Fields:
    """One line per check, each saying what was found or what is missing."""
    items = [
        (part.capitalize(), "found" if feedback.parts[part] else _MISSING[part])
        for part in feedback.parts
    ]
    items.append(("Length", _length(feedback)))
    items.append(
        (
            "Measurable result",
            "yes, there's a number" if feedback.measurable else "no number, %, time or money yet",
        )
    )
    items.append(("I / we", f'"I" {_times(feedback.i_count)}, "we" {_times(feedback.we_count)}'))
    return Fields(tuple(items))


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


@handles(Answer)
async def answer(command: Answer, ctx: HandlerContext) -> Reply:
    """Record the answer against the latest question and explain its structure."""
    record, feedback = await record_answer(ctx.session, ctx.member.id, command.text, ctx.now)
    blocks: list[Block] = [Header("Feedback on your answer")]
    if record.question_id is not None:
        try:
            question = ctx.content.question(record.question_id)
        except KeyError:  # a question retired from the packs since it was asked
            pass
        else:
            blocks.append(Note(f"Question: {question.text}"))
    title = suggest_title(command.text)
    blocks += [
        feedback_fields(feedback),
        Paragraph(f"*Next step:* {feedback.next_step}"),
        Buttons(
            (
                Button("Save as a story", f"stories add {title}"),
                Button("Another question", "question"),
            )
        ),
        Note(
            "This checks structure, not substance: cue words and counts, nothing sent "
            "anywhere. Saving within 24 hours keeps this answer as the story's text."
        ),
    ]
    return Reply(tuple(blocks), summary=f"STAR feedback: {feedback.next_step}")
