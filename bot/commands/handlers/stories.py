"""`/prep stories`, `/prep stories add <title>`, `/prep stories show <id>`."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import AddStory, DeleteStory, ListStories, ShowStory
from bot.content import ContentLibrary
from bot.db.models import Story
from bot.replies import (
    Block,
    BulletList,
    Button,
    Buttons,
    Fields,
    Header,
    Note,
    Paragraph,
    Reply,
    literal,
)
from bot.services import stories
from bot.services._journey import attempt, bullets, fmt_date, fmt_local
from bot.services._star import PARTS, analyse

# The practice category that rehearses each theme (for "practise this gap" buttons).
_PRACTICE = {
    "pressure": "pressure",
    "leadership-collaboration": "leadership",
    "failure": "failure",
    "conflict": "conflict",
    "role-skills": "role-skills",
    "critical-thinking": "situational",
    "likability": "culture-fit",
}


def _themes(story: Story, content: ContentLibrary) -> str:
    labels = [
        content.story_themes[t].label for t in story.themes or [] if t in content.story_themes
    ]
    return ", ".join(labels) if labels else "no theme recognised from its words"


def _progress(count: int) -> str:
    target = f"{stories.TARGET_MIN}-{stories.TARGET_MAX}"
    if count < stories.TARGET_MIN:
        return f"*{count}* of the {target} stories a second round calls for."
    if count <= stories.TARGET_MAX:
        return f"*{count}* stories: right in the {target} a second round calls for."
    return f"*{count}* stories: more than {target}; rehearse your strongest {stories.TARGET_MAX}."


@handles(ListStories)
async def list_stories(command: ListStories, ctx: HandlerContext) -> Reply:
    """The bank against the 5-8 target and the themes, naming the gaps."""
    bank = await stories.list_stories(ctx.session, ctx.member.id)
    blocks: list[Block] = [Header("Your story bank"), Paragraph(_progress(len(bank)))]
    blocks += bullets(
        [f"`{s.short_id}` {literal(s.title)}: _{_themes(s, ctx.content)}_" for s in bank]
    )
    covered = stories.coverage(bank, ctx.content)
    lines = []
    gaps = []
    for theme_id, found in covered.items():
        theme = ctx.content.story_themes[theme_id]
        if found:
            lines.append(f"{theme.label}: {len(found)}")
        else:
            lines.append(f"*{theme.label}: none yet.* {theme.prompt}")
            gaps.append(theme_id)
    blocks += [Paragraph("*Themes a second round probes*"), BulletList(tuple(lines))]
    if gaps:
        labels = ", ".join(ctx.content.story_themes[g].label.lower() for g in gaps)
        blocks.append(Paragraph(f"*Gaps:* {labels}."))
        buttons = [
            Button(
                f"Practise: {ctx.content.story_themes[g].label}"[:75], f"question {_PRACTICE[g]}"
            )
            for g in gaps
            if _PRACTICE.get(g) in ctx.content.categories
        ][:3]
        if buttons:
            blocks.append(Buttons(tuple(buttons)))
    else:
        blocks.append(
            Paragraph("Every theme has a story. Rehearse them out loud, 1-2 minutes each.")
        )
    blocks.append(
        Note(
            "Add one: `/prep stories add <title>`. Read one: `/prep stories show <id>`. "
            "Drop one: `/prep stories delete <id>`."
        )
    )
    return Reply(tuple(blocks), summary=f"{len(bank)} stories; gaps: {len(gaps)}")


@handles(AddStory)
async def add_story(command: AddStory, ctx: HandlerContext) -> Reply:
    """Add a story, keeping the member's answer from the last 24 hours as its text."""
    result = await attempt(
        ctx.session,
        lambda: stories.add_story(ctx.session, ctx.member.id, command.title, ctx.content, ctx.now),
        now=ctx.now,
    )
    if isinstance(result, Reply):
        return result
    story, answer = result
    count = len(await stories.list_stories(ctx.session, ctx.member.id))
    blocks: list[Block] = [
        Paragraph(f"Added `{story.short_id}`: *{literal(story.title)}*."),
        Note(f"Themes: {_themes(story, ctx.content)}."),
    ]
    if answer is not None:
        when = fmt_local(answer.created_at, ctx.member.tz)
        blocks.append(Note(f"I kept your answer from {when} as its text."))
    blocks += [Paragraph(_progress(count)), Buttons((Button("Story bank", "stories"),))]
    return Reply(tuple(blocks), summary=f"Story added: {story.title}")


@handles(ShowStory)
async def show_story(command: ShowStory, ctx: HandlerContext) -> Reply:
    """One story: its themes, its text and which STAR parts the text has."""
    story = await attempt(
        ctx.session,
        lambda: stories.find_story(ctx.session, ctx.member.id, command.story_id),
        now=ctx.now,
    )
    if isinstance(story, Reply):
        return story
    blocks: list[Block] = [
        Header(story.title[:150]),
        Fields(
            (
                ("Id", f"`{story.short_id}`"),
                ("Themes", _themes(story, ctx.content)),
                ("Added", fmt_date(story.created_at, ctx.member.tz)),
            )
        ),
    ]
    if story.body:
        feedback = analyse(story.body)
        star = ", ".join(f"{p} {'yes' if feedback.parts[p] else 'missing'}" for p in PARTS)
        blocks += [Paragraph(literal(story.body)), Note(f"STAR: {star}.")]
    else:
        blocks.append(
            Note(
                "No text kept for this one. Practise it with `/prep answer <your story>`; "
                "a story added within 24 hours of an answer keeps it."
            )
        )
    return Reply(tuple(blocks), summary=story.title)


@handles(DeleteStory)
async def delete_story(command: DeleteStory, ctx: HandlerContext) -> Reply:
    """Take one story out of the bank, and say where the bank stands now."""
    story = await attempt(
        ctx.session,
        lambda: stories.delete_story(ctx.session, ctx.member.id, command.story_id),
        now=ctx.now,
    )
    if isinstance(story, Reply):
        return story
    count = len(await stories.list_stories(ctx.session, ctx.member.id))
    return Reply(
        (
            Paragraph(f"Deleted story `{story.short_id}`: *{literal(story.title)}*."),
            Paragraph(_progress(count)),
            Buttons((Button("Story bank", "stories"),)),
        ),
        summary=f"Story deleted: {story.title}",
    )
