"""The refusal for a date at the very end of the calendar, whichever command it came in.

`bot.schedule.timemath.OutOfRange` can come from any path that turns a local date into
an instant; the core answers it here, with the form of the command that was typed and
an example dated from today.
"""

from __future__ import annotations

from datetime import datetime

from bot.commands.types import AddInterview, Command, Followup, PairSchedule, Remind
from bot.replies import Reply
from bot.services.journey import UserError, error_for

_FORM_OF: dict[type, str] = {
    Remind: "remind",
    AddInterview: "interview",
    Followup: "followup",
    PairSchedule: "pair schedule",
}

MESSAGE = (
    "That date is outside the calendar I can schedule in (it has no instant in your "
    "time zone). Pick one within the next year."
)


def out_of_range_reply(command: Command, now: datetime) -> Reply:
    """A refusal naming the problem and showing the command's own form."""
    return error_for(UserError(MESSAGE, _FORM_OF.get(type(command))), now)
