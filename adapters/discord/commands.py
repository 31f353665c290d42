"""The `/prep` application command group: one subcommand per `/prep` word.

Each subcommand turns its options back into the `/prep` line a member would type on
Slack or the console and hands it to the runner, so the core's grammar decides what
is valid and every platform answers a mistake the same way. Twenty-five subcommands,
Discord's limit (one per command word, except the words an existing subcommand spells:
`settings` spells `name` and `nudges`, and `review on|off|status` is an action of
`practice`; see `SPELLED_UNDER`), one nesting level, no privileged data. A new command
word must be spelled under an existing subcommand.
"""

from __future__ import annotations

import discord
from discord import app_commands

from adapters.discord import community
from adapters.discord._choices import (
    action_line,
    categories,
    fixed,
    matching,
    short_id,
    words,
    zones,
)
from adapters.discord._runner import Interaction, runner_of
from adapters.discord._stories import ACTIONS as STORY_ACTIONS
from adapters.discord._stories import FIELDS as STORY_FIELDS
from adapters.discord._stories import story_line
from adapters.discord.forms import ANSWER_LIMIT, AnswerForm, InterviewForm
from bot.commands.grammar import TOPICS, USAGE
from bot.commands.ids import is_short_id
from bot.commands.types import OUTCOMES

REMINDER_LIMIT = 500  # the grammar's limit too; here Discord enforces it while typing
# Command words with no subcommand of their own: the subcommand whose options spell them
# (Discord allows 25 subcommands; these settings belong with the feature they govern).
SPELLED_UNDER = {"review": "practice", "name": "settings", "nudges": "settings"}
# `/prep practice action:` -> the line it spells (the default starts a question).
PRACTICE_ACTIONS = {
    "start": "practice",
    "cancel": "practice cancel",
    "review status": "review status",
    "review off": "review off",
    "review on": "review on",
}


def practice_line(action: str, category: str | None) -> str:
    """The `/prep` line `practice [action] [category]` spells."""
    line = PRACTICE_ACTIONS.get(action, "practice")
    return words(line, category) if line == "practice" else line


class PrepGroup(
    app_commands.Group, name="prep", description="Coach yourself through a second-round interview"
):
    """`/prep <subcommand>`: every subcommand answers only the member who used it."""

    @app_commands.command(name="help", description="What prepbot can do, or help on one command")
    @app_commands.describe(command="A command to explain, like daily or interview")
    async def help_(self, interaction: Interaction, command: str | None = None) -> None:
        """`/prep help [command]`."""
        await runner_of(interaction).run(interaction, words("help", command))

    @help_.autocomplete("command")
    async def _help_words(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return matching([(word, word) for word in USAGE], current)

    @app_commands.command(name="second-round", description="The second-round interview guide")
    @app_commands.describe(
        topic="Which part of the guide", share="Post it in this channel for everyone"
    )
    async def second_round(
        self, interaction: Interaction, topic: str | None = None, share: bool = False
    ) -> None:
        """`/prep second-round [topic]`, optionally shared in the channel."""
        await runner_of(interaction).run(interaction, words("second-round", topic), public=share)

    # Suggested while typing, not fixed choices: a command's names, descriptions and
    # choices share Discord's 4,000 characters, and the core refuses an unknown topic.
    @second_round.autocomplete("topic")
    async def _topics(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return matching([(topic, topic) for topic in TOPICS], current)

    @app_commands.command(name="question", description="One practice question now")
    @app_commands.describe(category="A question category, like behavioral or culture")
    @app_commands.autocomplete(category=categories)
    async def question(self, interaction: Interaction, category: str | None = None) -> None:
        """`/prep question [category]`."""
        await runner_of(interaction).run(interaction, words("question", category))

    @app_commands.command(name="daily", description="A practice question by DM every day")
    @app_commands.describe(
        action="Turn it on or off, see the status, or skip today",
        time="Local time for on, HH:MM (default 09:00)",
        category="Only questions of this category (for on)",
    )
    @app_commands.choices(action=fixed("on", "off", "status", "skip"))
    @app_commands.autocomplete(category=categories)
    async def daily(
        self,
        interaction: Interaction,
        action: str,
        time: str | None = None,
        category: str | None = None,
    ) -> None:
        """`/prep daily on [HH:MM] [category] | off | status | skip`."""
        await runner_of(interaction).run(interaction, words("daily", action, time, category))

    @app_commands.command(name="tz", description="Set your time zone (or see it)")
    @app_commands.describe(zone="An IANA time zone, like Europe/Berlin")
    @app_commands.autocomplete(zone=zones)
    async def tz(self, interaction: Interaction, zone: str | None = None) -> None:
        """`/prep tz [zone]`."""
        await runner_of(interaction).run(interaction, words("tz", zone))

    @app_commands.command(name="quiet", description="Hours in which prepbot times no nudges")
    @app_commands.describe(
        hours="A range like 21:00-08:00, or off; leave empty to see yours",
    )
    async def quiet(self, interaction: Interaction, hours: str | None = None) -> None:
        """`/prep quiet <start>-<end> | off | status`."""
        await runner_of(interaction).run(interaction, words("quiet", hours))

    @app_commands.command(name="answer", description="Answer the latest question for STAR feedback")
    @app_commands.describe(text="Your answer (leave empty for a bigger form)")
    async def answer(
        self, interaction: Interaction, text: app_commands.Range[str, 1, ANSWER_LIMIT] | None = None
    ) -> None:
        """`/prep answer <text>`; without text, a form with room for a full answer."""
        if text and text.strip():
            await runner_of(interaction).run(interaction, words("answer", text))
        else:
            await interaction.response.send_modal(AnswerForm())

    @app_commands.command(name="practice", description="A timed question; your next DM answers it")
    @app_commands.describe(category="A category, like conflict", action="Or: cancel, AI review")
    @app_commands.choices(
        action=[app_commands.Choice(name=name, value=name) for name in PRACTICE_ACTIONS]
    )
    @app_commands.autocomplete(category=categories)
    async def practice(
        self, interaction: Interaction, category: str | None = None, action: str = "start"
    ) -> None:
        """`/prep practice [category] | practice cancel | review on|off|status`."""
        await runner_of(interaction).run(interaction, practice_line(action, category))

    @app_commands.command(name="interview", description="Add a second-round interview (a form)")
    async def interview(self, interaction: Interaction) -> None:
        """`/prep interview`: opens the interview form."""
        await interaction.response.send_modal(InterviewForm())

    @app_commands.command(
        name="interviews", description="Your upcoming and recent interviews, or cancel one"
    )
    @app_commands.describe(action="List them, or cancel one", id="Interview id, like k7qd2")
    @app_commands.choices(action=fixed("list", "cancel"))
    async def interviews(
        self, interaction: Interaction, action: str = "list", id: str | None = None
    ) -> None:
        """`/prep interviews [cancel <id>]`."""
        await runner_of(interaction).run(interaction, action_line("interviews", action, id))

    @app_commands.command(
        name="thanks", description="Thank-you drafts per interviewer, or mark one sent"
    )
    @app_commands.describe(
        sent="Mark the note to this interviewer sent (a name, or all)",
        interview="Interview id, like k7qd2, or the company (default: the latest)",
        note="Their name, then what you discussed: Dana the data team",
    )
    async def thanks(
        self,
        interaction: Interaction,
        sent: str | None = None,
        interview: str | None = None,
        note: app_commands.Range[str, 1, 360] | None = None,
    ) -> None:
        """`/prep thanks [id]`, `thanks sent <name>|all [id]`, `thanks note [#id] <name> <what>`."""
        # An id, or a company, which `#` marks after a name (`thanks sent Dana #Acme`).
        given = short_id(interview) or None
        marked = None if given is None or is_short_id(given) else f"#{given}"
        if note:
            line = words("thanks", "note", f"#{given}" if given else None, note)
        elif sent:
            line = words("thanks", "sent", sent, marked or given)
        else:
            line = words("thanks", given)
        await runner_of(interaction).run(interaction, line)

    @app_commands.command(name="followup", description="A reminder to follow up after an interview")
    @app_commands.describe(
        when="A date (YYYY-MM-DD) or in N days",
        note="What to follow up about",
        interview="Interview id, like k7qd2 (default: the latest)",
    )
    async def followup(
        self,
        interaction: Interaction,
        when: str,
        note: str | None = None,
        interview: str | None = None,
    ) -> None:
        """`/prep followup <date | in N days> [#id] [note]`."""
        interview_id = short_id(interview)
        line = words("followup", when, f"#{interview_id}" if interview_id else None, note)
        await runner_of(interaction).run(interaction, line)

    @app_commands.command(name="remind", description="Remind me by DM")
    @app_commands.describe(
        when="YYYY-MM-DD HH:MM, tomorrow 9am, in 2 hours", text="What to remind you about"
    )
    async def remind(
        self,
        interaction: Interaction,
        when: app_commands.Range[str, 1, 100],
        text: app_commands.Range[str, 1, REMINDER_LIMIT],
    ) -> None:
        """`/prep remind <when> <text>`."""
        await runner_of(interaction).run(interaction, words("remind", when, text))

    @app_commands.command(name="reminders", description="Your reminders, or cancel one")
    @app_commands.describe(
        action="List them, cancel one or mark one done", id="Reminder id, like k7qd2"
    )
    @app_commands.choices(action=fixed("list", "cancel", "skip", "done"))
    async def reminders(
        self, interaction: Interaction, action: str = "list", id: str | None = None
    ) -> None:
        """`/prep reminders [cancel|done <id>]`."""
        await runner_of(interaction).run(interaction, action_line("reminders", action, id))

    @app_commands.command(name="stories", description="Your STAR story bank")
    @app_commands.describe(
        action="List, add, edit, attach an answer, show or delete a story",
        title="Title of a new story",
        id="Story id, like k7qd2",
        text="For add: the story's text. For edit: the new title, text or themes",
        field="For edit: what to change",
        answer="For attach: the answer id shown under its feedback",
    )
    @app_commands.choices(action=fixed(*STORY_ACTIONS), field=fixed(*STORY_FIELDS))
    async def stories(
        self,
        interaction: Interaction,
        action: str = "list",
        title: str | None = None,
        id: str | None = None,
        text: app_commands.Range[str, 1, ANSWER_LIMIT] | None = None,
        field: str | None = None,
        answer: str | None = None,
    ) -> None:
        """`/prep stories [add | edit | attach | show | delete ...]`."""
        line = story_line(action, title=title, id=id, text=text, field=field, answer=answer)
        await runner_of(interaction).run(interaction, line)

    @app_commands.command(name="apply", description="Record a job application you sent")
    @app_commands.describe(
        company="The company you applied to",
        title="The job title",
        via="Where you applied: a job board, a referral, their site",
        on="When you sent it, YYYY-MM-DD (default: today)",
    )
    async def apply(
        self,
        interaction: Interaction,
        company: app_commands.Range[str, 1, 80],
        title: app_commands.Range[str, 1, 80] | None = None,
        via: app_commands.Range[str, 1, 80] | None = None,
        on: app_commands.Range[str, 1, 20] | None = None,
    ) -> None:
        """`/prep apply <company> [as <title>] [via <source>] [on <date>]`."""
        line = words(
            "apply",
            company,
            f"as {title}" if title else None,
            f"via {via}" if via else None,
            f"on {on}" if on else None,
        )
        await runner_of(interaction).run(interaction, line)

    @app_commands.command(
        name="applications", description="Every application: stage, last news, next step"
    )
    async def applications(self, interaction: Interaction) -> None:
        """`/prep applications`."""
        await runner_of(interaction).run(interaction, "applications")

    @app_commands.command(name="outcome", description="Record news from a company")
    @app_commands.describe(
        application="A company (or its start), or an application or interview id",
        outcome="What happened",
    )
    @app_commands.choices(outcome=fixed(*OUTCOMES))
    async def outcome(
        self,
        interaction: Interaction,
        application: app_commands.Range[str, 1, 80],
        outcome: str,
    ) -> None:
        """`/prep outcome <company|id> <outcome>`."""
        await runner_of(interaction).run(interaction, words("outcome", application, outcome))

    @app_commands.command(
        name="settings", description="How your drafts are signed, and nudges about quiet jobs"
    )
    @app_commands.describe(
        setting="What to set",
        value="For name: your name (or reset). For nudges: on, off or status",
    )
    @app_commands.choices(setting=fixed("name", "nudges"))
    async def settings(
        self,
        interaction: Interaction,
        setting: str,
        value: app_commands.Range[str, 1, 120] | None = None,
    ) -> None:
        """`/prep settings name <value>` is `name <value>`; `nudges on|off|status` likewise."""
        await runner_of(interaction).run(interaction, words(setting, value))

    @app_commands.command(
        name="privacy", description="Export or delete everything prepbot stores about you"
    )
    @app_commands.describe(action="Export your data as a file, or delete it")
    @app_commands.choices(action=fixed("export", "delete"))
    async def privacy(self, interaction: Interaction, action: str) -> None:
        """`/prep privacy export | delete`."""
        await runner_of(interaction).run(interaction, words("privacy", action))

    @app_commands.command(
        name="calendar", description="What is coming up, as a file for your calendar"
    )
    @app_commands.describe(interview="Interview id, like k7qd2 (default: everything coming up)")
    async def calendar(self, interaction: Interaction, interview: str | None = None) -> None:
        """`/prep calendar [id]`: the .ics comes back as an attachment."""
        await runner_of(interaction).run(interaction, words("calendar", short_id(interview)))


def build_group() -> PrepGroup:
    """`/prep` with every subcommand, for servers only.

    A member's data belongs to the server they use prepbot in (its community features
    are per server), so `/prep` is not offered in DMs; buttons on the bot's DMs carry
    the server they belong to instead.
    """
    group = PrepGroup(
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )
    for command in community.COMMANDS:
        group.add_command(command)
    return group


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    """Add `/prep` to the tree (syncing it with Discord is a separate, explicit step)."""
    tree.add_command(build_group())
