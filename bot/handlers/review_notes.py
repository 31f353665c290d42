"""What members are told about the AI reviewer: the same words wherever it comes up."""

from __future__ import annotations

from bot.replies import Header, Note, Paragraph, Reply, literal

AI_NOTICE = (
    "*About the AI reviewer:* this prepbot's admin has switched on an AI reviewer. From "
    "your next answer on, the answer and its question go to that AI service for a short "
    "second opinion, sent after the rule-based feedback. This one was not sent. "
    "`/prep review off` keeps your answers to the rules only; `/prep review status` shows "
    "your choice."
)
AI_FOLLOWS = "An AI reviewer's second opinion follows in a moment (`/prep review off` stops it)."


def ai_note_reply(text: str, answer_id: str) -> Reply:
    """The AI reviewer's note as its own message: labelled, escaped, never a ping."""
    about = f" on answer `{answer_id}`" if answer_id else ""
    return Reply(
        (
            Header("AI reviewer: a second opinion"),
            Paragraph(literal(text)),
            Note(
                f"Written by an AI model{about}, not by a person or by the rules above; it can "
                "be wrong. `/prep review off` stops these notes."
            ),
        ),
        summary="AI reviewer: a second opinion on your answer",
    )
