"""`/prep help [command]`: every command with a working example."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.grammar import EXAMPLES, USAGE
from bot.commands.registry import handles
from bot.commands.types import Help
from bot.replies import BulletList, Button, Buttons, Header, Note, Paragraph, Reply, error_reply
from bot.when.examples import day_forms, when_forms

# What each command word is for, in a few words (interface text, not coaching content).
PURPOSE: dict[str, str] = {
    "help": "this list, or one command in detail",
    "second-round": "the second-round interview guide, topic by topic",
    "question": "a practice question now",
    "daily": "a practice question by DM every day at your local time",
    "tz": "set your time zone so messages arrive at your local time",
    "quiet": "the night hours in which I don't time my own nudges (default 21:00-08:00)",
    "answer": "feedback on your answer to the latest question (or the open practice one)",
    "practice": "a timed question: your next DM to me (the next line, on the console) answers it",
    "review": "whether the AI reviewer (if this prepbot has one) may read your answers",
    "interview": "record an interview and the people you will meet",
    "interviews": "your upcoming and recent interviews, or cancel one",
    "thanks": "thank-you drafts for each interviewer, your notes in them, marking them sent",
    "followup": "a reminder to follow up when their timeline has passed",
    "remind": "a reminder by DM at a time you choose, once or repeating",
    "reminders": "list, cancel, snooze or skip your reminders",
    "stories": "your STAR story bank (aim for 5-8 stories): add, edit, attach, show or delete",
    "privacy": "export or delete everything prepbot keeps about you",
    "channel": "a daily practice question in this channel, with a thread for answers (admins)",
    "pair": "a weekly mock-interview partner from this community",
    "digest": "your weekly practice summary by DM (on by default)",
    "admin": "community-wide practice numbers, or the AI reviewer on or off for everyone (admins)",
    "name": "how your drafts are signed (default: your display name here)",
    "nudges": "one nudge with a follow-up draft when an application has no news for 10 days",
    "apply": "record an application you sent: company, job title, where, when",
    "applications": "every application with its stage, last news and next step",
    "outcome": "record a company's news: screening, next round, offer, rejection, withdrawn",
    "calendar": "your interviews, follow-ups and reminders as a file for your own calendar",
}


def _remind_note() -> str:
    return (
        f"When: {when_forms()}; also `next monday at 10`, `dec 20 5pm`, `12/17 10:00`, "
        "`14h30`, `in half an hour`. Repeating: `every monday 9am`, `every weekday at 8`, "
        "`every monday and thursday 9am`, `every 2 weeks on friday`. I say back the day and "
        "time I understood."
    )


def _day_note() -> str:
    return f"The day: {day_forms()}; the time: `14:00`, `2pm`, `14h` or `noon`."


def _tz_note() -> str:
    return (
        "A city (`Berlin`, `Tokyo`, `New York`), a zone (`Europe/Berlin`) or a common "
        "abbreviation (`EST`, `PT`, `CET`): I pick the zone that follows summer time and say "
        "which. `GMT+1`-style offsets have no summer time, so I offer the cities instead."
    )


# Commands whose help also lists the ways to write a time (examples dated from today).
# Commands whose help says more than the usage line can.
NOTES = {
    "practice": (
        "The question also comes by DM: reply there with your answer (on the console, type "
        "it as the next line). I time it from the question and compare with how long that "
        "kind of answer should be. `cancel` or `skip` stops it; after 2 hours it takes no "
        "answers, so a later message is never mistaken for one. The daily question is "
        "answered the same way: reply to it. On Discord, `review` is an action of "
        "`/prep practice`."
    ),
    "review": (
        "Off unless the person running this prepbot set up an AI service, and an admin can "
        "switch it off for the community (`/prep admin ai off`). You are told before your "
        "first answer goes out. The rule-based feedback always comes first and on its own; "
        "the AI note follows as a separate, labelled message. On Discord: `/prep practice` "
        "with the action `review off`."
    ),
}

TIME_NOTES = {
    "remind": _remind_note,
    "interview": _day_note,
    "followup": _day_note,
    "tz": _tz_note,
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


@handles(Help)
async def show_help(command: Help, ctx: HandlerContext) -> Reply:
    """List every command, or explain one."""
    if command.topic:
        word = command.topic.lower().removeprefix("/prep ").strip()
        if word not in USAGE:
            return error_reply("There is no command called that.", USAGE["help"], EXAMPLES["help"])
        extra = [Note(TIME_NOTES[word]())] if word in TIME_NOTES else []
        if word in NOTES:
            extra.append(Note(NOTES[word]))
        return Reply(
            (
                Header(f"/prep {word}"),
                # Only the first letter: `capitalize()` would lower-case "DM" and "AI".
                Paragraph(_sentence(PURPOSE.get(word, ""))),
                Paragraph(f"`{USAGE[word]}`"),
                Note(f"Example: `{EXAMPLES[word]}`"),
                *extra,
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
            Note(
                "Times are in your own time zone: set it once with `/prep tz <zone>` "
                "(a city like `Berlin` works). Write times as people say them: "
                f"{when_forms()}."
            ),
            Buttons(
                (
                    Button("Read the guide", "second-round", style="primary"),
                    Button("Practise now", "practice"),
                    Button("Daily practice", "daily on"),
                )
            ),
        ),
        summary="prepbot commands",
    )
