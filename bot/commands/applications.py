"""`apply ...`, `applications` and `outcome ...`: the job search around the interviews."""

from __future__ import annotations

import re
from datetime import date

from bot.commands._when import read_date
from bot.commands.company import MAX_COMPANY, company_and_title, split_last
from bot.commands.text import Reject, free_text, nothing_after, show
from bot.commands.types import OUTCOMES, Apply, ListApplications, RecordOutcome

MAX_SOURCE = 80  # the applications.source column (String(80))
MAX_TARGET = MAX_COMPANY

_VIA = re.compile(r"(?:^|\s)via(?:\s|$)", re.IGNORECASE)
_ON = re.compile(r"(?:^|\s)on\s+(?P<day>\S+)\s*$", re.IGNORECASE)
_RELATIVE_DAYS = {"today": 0, "yesterday": 1}
# Typed for `next-round`: the words people reach for.
_OUTCOME_ALIASES = {
    "next": "next-round",
    "nextround": "next-round",
    "next_round": "next-round",
    "reject": "rejected",
    "rejection": "rejected",
    "withdraw": "withdrawn",
    "withdrew": "withdrawn",
    "accept": "accepted",
    "offered": "offer",
}


def _applied_on(rest: str) -> tuple[str, date | None, int]:
    """Take a trailing `on <YYYY-MM-DD|today|yesterday>`: (rest, date, days ago).

    `on` followed by a word that is no date ("Bet on Black") stays part of the name,
    but one that starts with a digit was meant as a date, so a bad one is refused.
    """
    match = _ON.search(rest)
    if match is None:
        return rest, None, 0
    day = match["day"]
    if day.lower() in _RELATIVE_DAYS:
        return rest[: match.start()], None, _RELATIVE_DAYS[day.lower()]
    if not day[:1].isdigit():
        return rest, None, 0
    return rest[: match.start()], read_date(day), 0


def parse_apply(rest: str) -> Apply:
    """Read `apply <company> [as <title>] [via <source>] [on <date>]`."""
    head, on, days_ago = _applied_on(rest)
    head, source_text = split_last(head, _VIA)
    company, title = company_and_title(
        head, missing="Add the company you applied to, like `apply Acme as Data Analyst`."
    )
    source = None
    if source_text is not None:
        source = free_text(source_text, what="where you applied, after `via`", limit=MAX_SOURCE)
    return Apply(company=company, job_title=title, source=source, on=on, days_ago=days_ago)


def parse_applications(rest: str) -> ListApplications:
    """Read `applications` (nothing may follow)."""
    nothing_after(rest, "applications")
    return ListApplications()


def parse_outcome(rest: str) -> RecordOutcome:
    """Read `outcome <company|id> <outcome>`: the outcome is the last word."""
    words = rest.split()
    choices = ", ".join(OUTCOMES)
    if not words:
        raise Reject(f"Say which application and what happened: {choices}.")
    word = words[-1].lower()
    outcome = _OUTCOME_ALIASES.get(word, word)
    if outcome not in OUTCOMES:
        raise Reject(f"End with what happened: {choices} (`{show(words[-1])}` isn't one of them).")
    target = free_text(
        " ".join(words[:-1]),
        what="the company or id",
        limit=MAX_TARGET,
        missing=f"Say which application got the {outcome}: a company name or an id.",
    )
    return RecordOutcome(target=target, outcome=outcome)
