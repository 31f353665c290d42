"""`/prep stories` and its forms: add, edit, attach (a chosen answer), show, delete."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import (
    AddStory,
    AttachAnswer,
    DeleteStory,
    EditStory,
    ListStories,
    ShowStory,
)
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
from bot.services.answers import recent_answers
from bot.services.journey import attempt, bullets, fmt_date, fmt_local
from bot.services.star import PARTS, analyse

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


def _themes(story: Story, content: ContentLibrary, *, how: bool = True) -> str:
    labels = [
        content.story_themes[t].label for t in story.themes or [] if t in content.story_themes
    ]
    if story.themes_by_hand:
        return (", ".join(labels) if labels else "none") + " (set by you)"
    found = ", ".join(labels) if labels else "no theme recognised from its words"
    if not how:
        return found
    return f"{found} (detected; set them with `/prep stories edit {story.short_id} themes ...`)"


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
        [f"`{s.short_id}` {literal(s.title)}: _{_themes(s, ctx.content, how=False)}_" for s in bank]
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
            "Add one: `/prep stories add <title> | <text>`, or keep an answer: "
            "`/prep stories attach`. Read one: `/prep stories show <id>`. Change one: "
            "`/prep stories edit <id> title|text|themes ...`. "
            "Drop one: `/prep stories delete <id>`."
        )
    )
    return Reply(tuple(blocks), summary=f"{len(bank)} stories; gaps: {len(gaps)}")


def _added(story: Story, count: int, ctx: HandlerContext, kept: str) -> list[Block]:
    return [
        Paragraph(f"Added `{story.short_id}`: *{literal(story.title)}*."),
        Note(f"Themes: {_themes(story, ctx.content)}."),
        Note(kept),
        Paragraph(_progress(count)),
    ]


@handles(AddStory)
async def add_story(command: AddStory, ctx: HandlerContext) -> Reply:
    """Add a story with the text typed after `|`, or none yet (never a silent answer)."""
    result = await attempt(
        ctx.session,
        lambda: stories.add_story(
            ctx.session,
            ctx.member.id,
            command.title,
            command.text,
            ctx.content,
            ctx.now,
            ctx.ids,
        ),
        now=ctx.now,
    )
    if isinstance(result, Reply):
        return result
    story = result
    count = len(await stories.list_stories(ctx.session, ctx.member.id))
    if command.text:
        kept = f"Its text is what you typed ({len(command.text.split())} words)."
        buttons = [Button("Show it", f"stories show {story.short_id}")]
    else:
        kept = (
            "No text yet. Type it: `/prep stories edit "
            f"{story.short_id} text <your story>`, or take one of your answers below."
        )
        recent = await recent_answers(ctx.session, ctx.member.id)
        buttons = [
            Button(f"Use answer {a.short_id}", f"stories attach {a.short_id} to {story.short_id}")
            for a in recent[:3]
        ]
    blocks = _added(story, count, ctx, kept)
    blocks.append(Buttons((*buttons, Button("Story bank", "stories"))))
    return Reply(tuple(blocks), summary=f"Story added: {story.title}")


@handles(AttachAnswer)
async def attach_answer(command: AttachAnswer, ctx: HandlerContext) -> Reply:
    """Keep the answer the member chose; with no id, ask which one."""
    if command.answer_id is None:
        return await _choose_answer(ctx)
    answer_id = command.answer_id
    result = await attempt(
        ctx.session,
        lambda: stories.attach_answer(
            ctx.session,
            ctx.member.id,
            answer_id,
            ctx.content,
            ctx.now,
            title=command.title,
            story_id=command.story_id,
            ids=ctx.ids,
        ),
        now=ctx.now,
    )
    if isinstance(result, Reply):
        return result
    story, answer, is_new = result
    when = fmt_local(answer.created_at, ctx.member.tz)
    kept = f"Its text is your answer `{answer.short_id}` from {when}."
    if not is_new:
        blocks: list[Block] = [
            Paragraph(f"Story `{story.short_id}` *{literal(story.title)}* now has a new text."),
            Note(kept),
            Note(f"Themes: {_themes(story, ctx.content)}."),
        ]
    else:
        count = len(await stories.list_stories(ctx.session, ctx.member.id))
        blocks = _added(story, count, ctx, kept)
        if command.title is None:
            blocks.append(
                Note(
                    "I titled it from the answer's first words; rename it with "
                    f"`/prep stories edit {story.short_id} title <new title>`."
                )
            )
    blocks.append(
        Buttons(
            (Button("Show it", f"stories show {story.short_id}"), Button("Story bank", "stories"))
        )
    )
    return Reply(tuple(blocks), summary=f"Answer kept as story: {story.title}")


async def _choose_answer(ctx: HandlerContext) -> Reply:
    recent = await recent_answers(ctx.session, ctx.member.id)
    if not recent:
        return Reply(
            (
                Paragraph("You have no answers to keep yet."),
                Note(
                    "Practise one with `/prep question`, then `/prep answer <your answer>`; "
                    "or type a story yourself: `/prep stories add <title> | <text>`."
                ),
            ),
            summary="No answers yet",
        )
    lines = []
    for a in recent:
        opening = " ".join(a.text.split())
        opening = opening if len(opening) <= 80 else opening[:79].rstrip() + "…"
        lines.append(f"`{a.short_id}` {fmt_local(a.created_at, ctx.member.tz)}: {literal(opening)}")
    return Reply(
        (
            Paragraph("*Which answer should become a story?* Your latest answers:"),
            BulletList(tuple(lines)),
            Note(
                "Type `/prep stories attach <id> [title]`, or "
                "`/prep stories attach <id> to <story-id>` to give an existing story that text."
            ),
            Buttons(
                tuple(Button(f"Keep {a.short_id}", f"stories attach {a.short_id}") for a in recent)
            ),
        ),
        summary="Which answer should become a story?",
    )


@handles(EditStory)
async def edit_story(command: EditStory, ctx: HandlerContext) -> Reply:
    """Change a story's title, text or themes, and say back what it is now."""
    story = await attempt(
        ctx.session,
        lambda: stories.edit_story(
            ctx.session, ctx.member.id, command.story_id, command.field, command.value,
            ctx.content,
        ),
        now=ctx.now,
    )  # fmt: skip
    if isinstance(story, Reply):
        return story
    if command.field == "title":
        said = f"Renamed `{story.short_id}`: *{literal(story.title)}*."
    elif command.field == "text":
        said = (
            f"New text for `{story.short_id}` *{literal(story.title)}* "
            f"({len(story.body.split())} words)."
        )
    else:
        said = f"Themes of `{story.short_id}` *{literal(story.title)}* set."
    return Reply(
        (
            Paragraph(said),
            Note(f"Themes: {_themes(story, ctx.content)}."),
            Buttons(
                (
                    Button("Show it", f"stories show {story.short_id}"),
                    Button("Story bank", "stories"),
                )
            ),
        ),
        summary=said.replace("*", ""),
    )


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
                f"No text yet. Type it: `/prep stories edit {story.short_id} text <your story>`, "
                f"or take an answer: `/prep stories attach <answer-id> to {story.short_id}`."
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
