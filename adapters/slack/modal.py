"""The `/prep interview` form: a modal read back into an `AddInterview`.

The day and time are one free-text "when" field (`friday 3pm`, `dec 20 14:00`), read by
the core's when-reader exactly as the typed `/prep interview` line is; the date and time
pickers stay as the alternative for those who prefer to click.

The form builds the command directly rather than as text, so a company called
"Fun With Flags" is never split at "with". Shape errors are reported per field with
`response_action: errors`; rules that need the member (a date already past in their
zone) come from the core handler and are mapped to the field they are about.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from bot.commands.interview import FormWhen, read_form_when, role_and_email
from bot.commands.text import Reject
from bot.commands.types import EVERYONE, AddInterview, InterviewerSpec
from bot.replies import plain_text
from bot.when.examples import month_day_ahead, weekday_ahead

CALLBACK_ID = "prep_interview"
COMPANY, TITLE, DATE, TIME, PEOPLE = "company", "job_title", "date", "time", "interviewers"
WHEN = "when"
MAX_WHEN = 80  # the when-reader's longest phrase (bot.when.reader.MAX_WHEN)
ACTION = "value"
MAX_COMPANY = 80
MAX_TITLE = 80
MAX_NAME = 60
MAX_ROLE = 60  # the interviewers.role column
MAX_PEOPLE = 12
_PERSON = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<role>[^()]*)\))?$")


def wants_form(text: str) -> bool:
    """`/prep interview` with nothing after it opens the form."""
    return text.strip().lower() == "interview"


def _input(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str = ""
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {**element, "action_id": ACTION},
        "optional": optional,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def interview_view(channel_id: str | None = None) -> dict[str, Any]:
    """The modal; `channel_id` (where /prep was typed) rides along in private_metadata."""
    text_input = {"type": "plain_text_input"}
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": channel_id or "",
        "title": {"type": "plain_text", "text": "Add an interview"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input(COMPANY, "Company", {**text_input, "max_length": MAX_COMPANY}),
            _input(
                TITLE,
                "Role you are interviewing for",
                {**text_input, "max_length": MAX_TITLE},
                optional=True,
            ),
            _input(
                WHEN,
                "When",
                {
                    **text_input,
                    "max_length": MAX_WHEN,
                    "placeholder": {
                        "type": "plain_text",
                        # Dated from today when the form opens: a fixed date goes stale.
                        "text": f"{weekday_ahead()} 3pm, {month_day_ahead()} 14:00, tomorrow at 9",
                    },
                },
                optional=True,
                hint="Day and start time in your prep time zone, or use the pickers below.",
            ),
            _input(DATE, "Date", {"type": "datepicker"}, optional=True),
            _input(
                TIME,
                "Start time",
                {"type": "timepicker"},
                optional=True,
                hint="In your prep time zone.",
            ),
            _input(
                PEOPLE,
                "Interviewers",
                {
                    **text_input,
                    "multiline": True,
                    "max_length": 1000,
                    "placeholder": {
                        "type": "plain_text",
                        "text": "Dana Lee (hiring manager)\nSam Ortiz (peer)",
                    },
                },
                optional=True,
                hint="One per line, with their role in brackets. Each gets a thank-you draft.",
            ),
        ],
    }


def _value(values: dict[str, Any], block_id: str) -> Any:
    element = (values.get(block_id) or {}).get(ACTION) or {}
    kind = element.get("type")
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "timepicker":
        return element.get("selected_time")
    return element.get("value")


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _people(text: str | None, errors: dict[str, str]) -> tuple[InterviewerSpec, ...]:
    people: list[InterviewerSpec] = []
    seen: set[str] = set()
    for line in (line.strip() for line in (text or "").splitlines()):
        if not line:
            continue
        match = _PERSON.match(line)
        name = _clean(match["name"]) if match else ""
        role = _clean(match["role"]) if match and match["role"] else None
        email = None
        if role and "@" in role:  # `Name (role, email)`: the grammar's reading and errors
            try:
                role, email = role_and_email(role, name)
            except Reject as reject:
                errors[PEOPLE] = plain_text(reject.message)[:150]
                continue
        if not match or not any(ch.isalpha() for ch in name):
            errors[PEOPLE] = f"Write each interviewer as Name (role): {line[:40]}"
        elif len(name) > MAX_NAME or (role and len(role) > MAX_ROLE):
            errors[PEOPLE] = f"Keep names under {MAX_NAME} and roles under {MAX_ROLE} characters."
        elif name.casefold() in EVERYONE:
            errors[PEOPLE] = f"{name} means everyone when marking notes sent: give a real name."
        elif name.casefold() in seen:
            errors[PEOPLE] = f"{name[:40]} is listed twice."
        else:
            seen.add(name.casefold())
            people.append(InterviewerSpec(name=name, role=role or None, email=email))
    if len(people) > MAX_PEOPLE:
        errors[PEOPLE] = f"That is more than {MAX_PEOPLE} interviewers; list the main ones."
    return tuple(people)


# What the pickers send. Anything else was not typed into this form (a forged or
# hand-made submission): refused, never read loosely (`10:00:00+05:00` would lose its
# offset, `20260309` is not a picker's date).
_PICKED_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PICKED_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")


def _picked(value: Any, shape: re.Pattern[str]) -> str:
    return value if isinstance(value, str) and shape.fullmatch(value) else ""


def read_submission(
    values: dict[str, Any], locale: str | None = None
) -> AddInterview | dict[str, str]:
    """The submitted form as a command, or errors keyed by block id.

    `locale` is the member's Slack locale: which reading of `03/04` a question suggests.
    """
    errors: dict[str, str] = {}
    company = _clean(_value(values, COMPANY))
    if not any(ch.isalnum() for ch in company):
        errors[COMPANY] = "Add the company name."
    elif len(company) > MAX_COMPANY:
        # The form caps the field; a longer one was forged: refused, never cut.
        errors[COMPANY] = f"Keep the company name to {MAX_COMPANY} characters."
    title = _clean(_value(values, TITLE)) or None
    if title is not None and len(title) > MAX_TITLE:
        errors[TITLE] = f"Keep the job title to {MAX_TITLE} characters."
    typed = _value(values, WHEN)
    when = _typed_when(typed, errors, locale) if isinstance(typed, str) and typed.strip() else None
    if when is None and WHEN not in errors:
        when = _picked_when(values, errors)
    people = _people(_value(values, PEOPLE), errors)
    if errors or when is None:
        return errors
    return AddInterview(
        on=when.on,
        at=when.at,
        company=company,
        job_title=title,
        interviewers=people,
        day=when.day,
        duration=when.duration,
        until=when.until,
    )


def _typed_when(typed: str, errors: dict[str, str], locale: str | None) -> FormWhen | None:
    """The free-text field, through the core's when-reader."""
    if len(typed) > MAX_WHEN:
        errors[WHEN] = f"Keep the day and time to {MAX_WHEN} characters, like `friday 3pm`."
        return None
    read = read_form_when(" ".join(typed.split()), locale)
    if isinstance(read, str):
        errors[WHEN] = read
        return None
    return read


def _picked_when(values: dict[str, Any], errors: dict[str, str]) -> FormWhen | None:
    """The date and time pickers, when the free-text field was left empty."""
    on: date | None = None
    at: time | None = None
    try:
        on = date.fromisoformat(_picked(_value(values, DATE), _PICKED_DATE))
    except ValueError:
        errors[DATE] = "Write when above (friday 3pm) or pick the date (YYYY-MM-DD)."
    try:
        at = time.fromisoformat(_picked(_value(values, TIME), _PICKED_TIME))
    except ValueError:
        errors[TIME] = "Write when above or pick the start time (HH:MM, your prep time zone)."
    return FormWhen(on, at, None) if on is not None and at is not None else None


def error_block(message: str, values: dict[str, Any] | None = None) -> str:
    """Which field a core error is about, judged by its words (the date by default).

    An error about the day or time goes on the free-text field when that was filled in.
    """
    lowered = message.lower()
    typed = _value(values or {}, WHEN)
    when_block = (DATE, TIME) if not (isinstance(typed, str) and typed.strip()) else (WHEN, WHEN)
    for block_id, words in (
        (COMPANY, ("company",)),
        (PEOPLE, ("interviewer", "name", "role", "listed")),
        (when_block[0], ("past", "date", "day")),
        (when_block[1], ("time",)),
    ):
        if any(word in lowered for word in words):
            return block_id
    return when_block[0]
