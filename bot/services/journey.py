"""Helpers shared by the second-round journey services (interviews, thanks, follow-ups).

Kept private to the services: a refusal type the handlers turn into an error reply,
unique short ids per member, member-text checks, and local-time formatting.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.forms import FORMS, PREFIX, example_of, usage_of
from bot.commands.ids import NewShortId, new_short_id
from bot.db.models import Member
from bot.replies import BulletList, Reply, error_reply, literal
from bot.schedule.timemath import to_local


class UserError(Exception):
    """A request we refuse with a short explanation; nothing it touched is kept.

    `form` names the usage line to show (a key of `bot.commands.forms.FORMS`).
    """

    def __init__(self, message: str, form: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.form = form


T = TypeVar("T")


def error_for(error: UserError, now: datetime | None = None) -> Reply:
    """The error reply for a refusal, showing the form that works.

    With `now`, a dated example is dated from it (two weeks ahead) rather than from the
    wall clock, so simulations print the same reply on every run.
    """
    if error.form is None or error.form not in FORMS:
        return error_reply(error.message)
    # usage/example are plain text here: error_reply escapes them itself.
    example = example_of(error.form) if now is None else dated_example(error.form, now)
    return error_reply(error.message, usage_of(error.form), example)


def dated_example(form: str, now: datetime) -> str:
    """A form's working example, any date in it two weeks after `now`."""
    soon = (now.date() + timedelta(days=14)).isoformat()
    return PREFIX + FORMS[form][1].replace("{soon}", soon)


async def attempt(
    session: AsyncSession, work: Callable[[], Awaitable[T]], *, now: datetime | None = None
) -> T | Reply:
    """Run `work` in a savepoint; a `UserError` rolls it back and becomes an error reply.

    Handlers answer errors with a reply rather than an exception, so without the
    savepoint anything written before the refusal would be committed with it.
    """
    try:
        async with session.begin_nested():
            return await work()
    except UserError as error:
        return error_for(error, now)


# Chat markup and mention syntax on Slack (`<@U1>`, `<!here>`, `*bold*`) and Discord
# (`@everyone`, `<@1>`, `**x**`, `||spoiler||`): a name that needs these is not a name,
# and a thank-you draft is copied into e-mail, where they would read as noise.
# Names get the strict set; companies and job titles may hold `#`, `_` or brackets
# ("C# Developer", "R_D Labs"), so they get only the mention and emphasis characters.
_NAME_MARKUP = re.compile(r"[<>@*_`~|\\#\[\]{}]|://|\bwww\.", re.IGNORECASE)
_TEXT_MARKUP = re.compile(r"[<>@*`~|]|://|\bwww\.", re.IGNORECASE)


def check_plain(text: str, what: str, *, name: bool = True, form: str = "interview") -> str:
    """Return `text` if it is plain words; refuse markup, mentions and links."""
    if (_NAME_MARKUP if name else _TEXT_MARKUP).search(text):
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise UserError(
            f"{literal(what[:1].upper() + what[1:])} `{literal(shown)}` contains markup, "
            "a mention or a link: write it as plain words.",
            form,
        )
    return text


async def unique_short_id(
    session: AsyncSession, model: Any, member_id: int, ids: NewShortId = new_short_id
) -> str:
    """A fresh short id not yet used by this member in `model`'s table.

    Ids are unique per member (a unique key backs this up); with 28 million ids a
    member's few dozen rows almost never collide, so a check-then-insert is enough.
    """
    for _ in range(20):
        candidate = ids()
        found = await session.execute(
            select(model.id).where(model.member_id == member_id, model.short_id == candidate)
        )
        if found.first() is None:
            return candidate
    raise RuntimeError("no free short id after 20 tries")


def fmt_local(instant: datetime, tz: str, *, with_day: bool = True) -> str:
    """`Thu 3 Dec, 14:00` in the member's zone (locale-free, so every platform agrees)."""
    local = to_local(instant, tz)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if not with_day:
        return clock
    return f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}, {clock}"


def fmt_date(instant: datetime, tz: str) -> str:
    """`Thu 3 Dec 2026` in the member's zone."""
    local = to_local(instant, tz)
    return f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]} {local.year}"


def fmt_day(day: date) -> str:
    """`Thu 3 Dec 2026` for a calendar date (no zone involved)."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


# Slack caps a section at 3000 characters: 50 interviews or 30 stories in one list would
# not fit, so long lists go out as several.
BULLETS_PER_BLOCK = 15


def bullets(items: Sequence[str]) -> list[BulletList]:
    """`items` as bullet lists of at most `BULLETS_PER_BLOCK` each."""
    return [
        BulletList(tuple(items[i : i + BULLETS_PER_BLOCK]))
        for i in range(0, len(items), BULLETS_PER_BLOCK)
    ]


def signature(name: str | None) -> str | None:
    """A name to sign drafts with, as plain words: markup and mention characters go.

    Platform display names are whatever the member set there (`*maria*`, `<@U1>`); a
    draft is pasted into an email, where they would only be noise.
    """
    if not name:
        return None
    cleaned = " ".join(_NAME_MARKUP.sub(" ", name).split())
    return cleaned or None


def signer(member: Member) -> str | None:
    """How this member's drafts are signed: `/prep name`, else the platform's name."""
    return signature(member.sign_name or member.display_name)


def first_name(name: str) -> str:
    """The first word of a name, for greetings (`Dana Lee` -> `Dana`)."""
    return name.split()[0] if name.split() else name


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
