"""`/prep second-round [topic]`: the guide, one topic per reply, with the others a tap away."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import SecondRound
from bot.content import ContentLibrary, GuideTopic
from bot.replies import (
    Block,
    BulletList,
    Button,
    Buttons,
    Divider,
    Header,
    Note,
    Paragraph,
    Reply,
    error_reply,
)


def topic_label(topic_id: str) -> str:
    """A short button label for a topic id (`day-of` -> `Day of`)."""
    return topic_id.replace("-", " ").capitalize()


def guide_reply(content: ContentLibrary, topic: GuideTopic) -> Reply:
    """One guide topic as a reply: title, summary, sections, then where to go next."""
    blocks: list[Block] = [Header(topic.title), Paragraph(topic.summary)]
    for section in topic.sections:
        blocks.append(Divider())
        if section.heading:
            blocks.append(Paragraph(f"*{section.heading}*"))
        if section.text:
            blocks.append(Paragraph(section.text))
        if section.items:
            blocks.append(BulletList(section.items))
    others = [t for t in content.guide_topics if t != topic.id]
    blocks.append(Divider())
    blocks.append(Note("More of the guide: tap a topic, or type `/prep second-round <topic>`."))
    blocks.append(Buttons(tuple(Button(topic_label(t), f"second-round {t}") for t in others)))
    blocks.append(
        Buttons(
            (
                Button("Start daily practice", "daily on", style="primary"),
                Button("Practice question", "question"),
                Button("Share in channel", f"second-round {topic.id}", public=True),
            )
        )
    )
    return Reply(tuple(blocks), summary=f"{topic.title}: {topic.summary}")


@handles(SecondRound)
async def second_round(command: SecondRound, ctx: HandlerContext) -> Reply:
    """Show one topic of the second-round guide."""
    topic_id = ctx.content.resolve_topic(command.topic)
    if topic_id is None:
        topics = ", ".join(ctx.content.guide_topics)
        return error_reply(
            f"There is no guide topic called that. Topics: {topics}.",
            "/prep second-round [topic]",
            "/prep second-round formats",
        )
    return guide_reply(ctx.content, ctx.content.topic(topic_id))
