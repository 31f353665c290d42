"""Modal forms: `/prep interview` and a long `/prep answer` are easier as a form.

A form's fields are joined into the same `/prep` line a member would type, and parsed
by the core grammar, so validation and error messages match Slack and the console.
"""

from __future__ import annotations

import re
from dataclasses import replace

import discord
from discord import ui

from adapters.discord._runner import Interaction, runner_of
from bot.commands.grammar import parse
from bot.commands.types import AddInterview, Command, ParseError
from bot.when.examples import month_day_ahead, weekday_ahead

# An open form lives as long as its interaction token (15 minutes), then is dropped.
FORM_TIMEOUT = 15 * 60.0
ANSWER_LIMIT = 3000
DAY_LABEL = "When: friday 3pm, dec 20 14:00, tomorrow"
START_LABEL = "Start time, if not above (14:00, 2pm)"
_KEYWORD = re.compile(r"(?:^|\s)(?:with|as)(?:\s|$)", re.IGNORECASE)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def interview_command(
    day: str, start: str, company: str, job_title: str = "", people: str = ""
) -> Command | ParseError:
    """Parse the interview form's fields as the line `interview <day> <start> ...`.

    The typed grammar splits at the last ` as ` and ` with `; a form has a field for
    each part, so a company called "Fun With Flags" stays whole here.
    """
    when = f"{_collapse(day)} {_collapse(start)}"
    title = _collapse(job_title) or None
    as_title = f" as {title}" if title else ""
    with_people = f" with {_collapse(people)}" if people.strip() else ""
    parsed = parse(f"interview {when} {_collapse(company)}{as_title}{with_people}")
    if not isinstance(parsed, AddInterview):
        return parsed
    if not _KEYWORD.search(f"{company} {job_title}"):
        return parsed
    # A keyword inside the company or title moved the split: parse the interviewers
    # alone (behind a placeholder company) and keep the fields as typed.
    people_only = parse(f"interview {when} x{with_people}")
    if not isinstance(people_only, AddInterview):
        return people_only
    return replace(people_only, company=_collapse(company), job_title=title)


class InterviewForm(ui.Modal, title="Add a second-round interview"):
    """Date, time, company, job title and interviewers of one interview."""

    # Free text read by the core's when-reader, like the typed `/prep interview` line:
    # the day and time together (`friday 3pm`), or the day here and the time below.
    day: ui.TextInput[InterviewForm] = ui.TextInput(label=DAY_LABEL, max_length=80)
    start: ui.TextInput[InterviewForm] = ui.TextInput(
        label=START_LABEL, placeholder="14:00 or 2pm", max_length=10, required=False
    )
    company: ui.TextInput[InterviewForm] = ui.TextInput(label="Company", max_length=80)
    job_title: ui.TextInput[InterviewForm] = ui.TextInput(
        label="Job title (optional)", required=False, max_length=80
    )
    people: ui.TextInput[InterviewForm] = ui.TextInput(
        label="Interviewers: Name (role), Name (role)",
        placeholder="Dana Lee (hiring manager), Sam Ortiz (peer)",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=1000,
    )

    def __init__(self) -> None:
        super().__init__(timeout=FORM_TIMEOUT)
        # Dated from today when the form opens: a fixed example date goes stale.
        self.day.placeholder = f"{weekday_ahead()} 3pm, {month_day_ahead()} 14:00, tomorrow at 9"

    async def on_submit(self, interaction: Interaction, /) -> None:
        """Add the interview as the member who submitted the form."""
        parsed = interview_command(
            self.day.value,
            self.start.value,
            self.company.value,
            self.job_title.value,
            self.people.value,
        )
        await runner_of(interaction).run_parsed(interaction, parsed)


class AnswerForm(ui.Modal, title="Answer the practice question"):
    """Room for a full STAR answer (a slash-command option is one line)."""

    text: ui.TextInput[AnswerForm] = ui.TextInput(
        label="Your answer",
        placeholder="Situation, task, action, result: what happened and what you did.",
        style=discord.TextStyle.paragraph,
        max_length=ANSWER_LIMIT,
    )

    def __init__(self) -> None:
        super().__init__(timeout=FORM_TIMEOUT)

    async def on_submit(self, interaction: Interaction, /) -> None:
        """Ask the core for feedback on the answer."""
        await runner_of(interaction).run(interaction, f"answer {self.text.value}")
