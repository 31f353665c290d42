"""`interview <date> <time> [for <length> | until <time>] <company> [as <title>] ...`.

After the company: `[at <place or link>] [format <kind>] [with <Name> (<role>, <email>), ...]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.commands._when import take_when
from bot.commands.company import MAX_COMPANY as MAX_COMPANY
from bot.commands.company import company_and_title, mask_brackets, split_last
from bot.commands.emails import looks_like_email, read_email
from bot.commands.interview_details import read_place, take_format, take_length
from bot.commands.text import Reject, collapse, free_text, show, split_first
from bot.commands.types import (
    EVERYONE,
    AddInterview,
    AfterDelay,
    AtLocal,
    InterviewerSpec,
    When,
)
from bot.when.examples import day_forms, weekday_ahead
from bot.when.locale import suggest_order

MAX_INTERVIEWERS = 12
MAX_NAME = 60
MAX_ROLE = 60  # the interviewers.role column (String(60))

# Separators count only outside brackets, so a role like "(works with Sam)" or
# "(sales and marketing)" stays one role.
_WITH = re.compile(r"(?:^|\s)with(?:\s|$)", re.IGNORECASE)
_AT = re.compile(r"(?:^|\s)at(?:\s|$)", re.IGNORECASE)
# A comma, a semicolon, or a standalone "and"/"&". No leading `\s*`: that would make
# the scan quadratic on long runs of spaces (pieces are trimmed afterwards anyway).
_SEPARATOR = re.compile(r"[,;]|(?<![^\s,;])(?:and|&)(?!\S)", re.IGNORECASE)
_PERSON = re.compile(r"(?P<name>[^()]*)(?:\((?P<role>[^()]*)\))?")


def _people(text: str) -> tuple[InterviewerSpec, ...]:
    masked = mask_brackets(text)
    pieces: list[str] = []
    start = 0
    for sep in _SEPARATOR.finditer(masked):
        pieces.append(text[start : sep.start()])
        start = sep.end()
    pieces.append(text[start:])
    people: list[InterviewerSpec] = []
    seen: set[str] = set()
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue  # "Dana, Sam," or "Dana,, Sam": a stray comma is not a person
        people.append(_person(piece))
        key = people[-1].name.casefold()
        if key in seen:
            raise Reject(f"`{show(people[-1].name)}` is listed twice.")
        seen.add(key)
        if len(people) > MAX_INTERVIEWERS:
            raise Reject(f"That is more than {MAX_INTERVIEWERS} interviewers; list the main ones.")
    if not people:
        raise Reject("Name at least one interviewer after `with`, or leave `with` out.")
    return tuple(people)


def _person(piece: str) -> InterviewerSpec:
    match = _PERSON.fullmatch(piece)
    if match is None:
        raise Reject(f"I couldn't read `{show(piece)}`: write each interviewer as Name (role).")
    name = free_text(match["name"], what="the interviewer's name", limit=MAX_NAME)
    if not any(ch.isalpha() for ch in name):
        raise Reject(f"`{show(name)}` doesn't look like a name.")
    if name.casefold() in EVERYONE:
        raise Reject(f"`{show(name)}` means everyone in `thanks sent`: give a real name.")
    role, email = role_and_email(match["role"] or "", name)
    return InterviewerSpec(name=name, role=role, email=email)


def role_and_email(bracketed: str, name: str) -> tuple[str | None, str | None]:
    """What is in an interviewer's brackets: `role`, `role, email`, `email` or nothing.

    Only a part with an `@` is read as the email, and then it must be one; the rest
    stays the role, commas and all ("sales, EMEA").
    """
    text = collapse(bracketed)
    email = None
    head, _, last = text.rpartition(",")
    if looks_like_email(last):
        email = read_email(last)
        text = head.strip()
    elif looks_like_email(text):
        raise Reject(
            f"Put {show(name)}'s email last in the brackets, like `Dana Lee (recruiter, "
            "dana@acme.com)`.",
            "interview",
        )
    role = free_text(text, what=f"the role of {show(name)}", limit=MAX_ROLE) if text else None
    return role, email


def parse_interview(rest: str) -> AddInterview:
    """Read the arguments after `interview` as an `AddInterview`."""
    if not rest.strip():
        raise Reject("Add the date, time and company of the interview.")
    when, rest = take_when(rest, default_at=None, delays=False)
    if when is None:
        word = split_first(rest)[0]
        raise Reject(f"`{show(word)}` isn't a day I can read: try {day_forms()}, then the time.")
    length, rest = take_length(rest)
    head, people_text = split_last(rest, _WITH)
    head, interview_format = take_format(head)
    head, place_text = split_last(head, _AT)
    company, title = company_and_title(head, missing="Add the company name after the time.")
    people = _people(people_text) if people_text is not None else ()
    place = read_place(place_text) if place_text is not None else None
    assert not isinstance(when, AfterDelay)  # take_when refused delays
    # A day said relative to today (`friday 3pm`) is resolved in the member's zone later.
    on, day = (when.on, None) if isinstance(when, AtLocal) else (None, when)
    return AddInterview(
        on=on,
        at=when.at,
        company=company,
        job_title=title,
        interviewers=people,
        day=day,
        duration=length.duration,
        until=length.until,
        place=place,
        format=interview_format,
    )


@dataclass(frozen=True)
class FormWhen:
    """A form's free-text "when" field, read: the fields of `AddInterview` it fills."""

    on: date | None
    at: time
    day: When | None
    duration: timedelta | None = None
    until: time | None = None


def read_form_when(text: str, locale: str | None = None) -> FormWhen | str:
    """A form's "when" field (`friday 3pm`, `dec 20 14:00 for 90 minutes`), or why not.

    `locale` (the member's language, if the platform says) only orders the readings a
    question about `03/04` offers.

    The same reader as the typed `interview` line, so a form and a typed command agree on
    every phrasing; nothing else may follow the time (that would be a company typed in the
    wrong field, or a time not understood).
    """
    try:
        when, rest = take_when(text, default_at=None, delays=False)
        if when is None:
            word = split_first(text)[0]
            raise Reject(
                f"`{show(word)}` isn't a day I can read: try {day_forms()}, then the time."
            )
        length, rest = take_length(rest)
        if rest.strip():
            raise Reject(
                f"I read the time but not `{show(rest)}` after it: write only the day and "
                f"time here, like `{weekday_ahead()} 3pm`."
            )
    except Reject as error:
        extra = error.extra
        hint = None
        if "month_first" in extra:  # `03/04`: still asked, the locale's reading first
            hint = suggest_order(
                extra["ambiguous"], extra["month_first"], extra["day_first"], locale
            )
        return f"{error.message} {hint}" if hint else error.message
    assert not isinstance(when, AfterDelay)  # take_when refused delays
    on, day = (when.on, None) if isinstance(when, AtLocal) else (None, when)
    return FormWhen(on, when.at, day, length.duration, length.until)
