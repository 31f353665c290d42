"""`/prep help [command]`: every command with a working example."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.grammar import EXAMPLES, USAGE
from bot.commands.registry import handles
from bot.commands.types import Help
from bot.replies import BulletList, Button, Buttons, Header, Note, Paragraph, Reply, error_reply

# What each command word is for, in a few words (interface text, not coaching content).
PURPOSE: dict[str, str] = {
    "help": "this list, or one command in detail",
    "second-round": "the second-round interview guide, topic by topic",
    "question": "a practice question now",
    "daily": "a practice question by DM every day at your local time",
    "tz": "set your time zone so messages arrive at your local time",
    "answer": "feedback on the structure of your answer (STAR)",
    "interview": "record an interview and the people you will meet",
    "interviews": "your upcoming and recent interviews, or cancel one",
    "thanks": "thank-you drafts for each interviewer, and marking them sent",
    "followup": "a reminder to follow up when their timeline has passed",
    "remind": "a reminder by DM at a time you choose",
    "reminders": "list, cancel or snooze your reminders",
    "stories": "your STAR story bank (aim for 5-8 stories): add, show or delete",
    "privacy": "export or delete everything prepbot keeps about you",
    "channel": "a daily practice question in this channel, with a thread for answers (admins)",
    "pair": "a weekly mock-interview partner from this community",
    "digest": "your weekly practice summary by DM (on by default)",
    "admin": "community-wide practice numbers, never anyone's own data (admins)",
}


@handles(Help)
async def show_help(command: Help, ctx: HandlerContext) -> Reply:
    """List every command, or explain one."""
    if command.topic:
        word = command.topic.lower().removeprefix("/prep ").strip()
        if word not in USAGE:
            return error_reply("There is no command called that.", USAGE["help"], EXAMPLES["help"])
        return Reply(
            (
                Header(f"/prep {word}"),
                Paragraph(PURPOSE.get(word, "").capitalize() + "."),
                Paragraph(f"`{USAGE[word]}`"),
                Note(f"Example: `{EXAMPLES[word]}`"),
            ),
            summary=USAGE[word],
        )
    items = tuple(
        f"`{USAGE[word]}`: {PURPOSE.get(word, '')}. Example: `{EXAMPLES[word]}`" for word in USAGE
    )
    return Reply(
        (
            Header("prepbot: your second-round interview coach"),
            Paragraph("Everything starts with `/prep`. Here is what I can do:"),
            BulletList(items),
            Note("Times are in your own time zone: set it once with `/prep tz <zone>`."),
            Buttons(
                (
                    Button("Read the guide", "second-round", style="primary"),
                    Button("Practice question", "question"),
                    Button("Daily practice", "daily on"),
                )
            ),
        ),
        summary="prepbot commands",
    )
