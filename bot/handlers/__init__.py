"""Every command handler, one module per feature, and the lookup the app uses.

Each module registers its handlers with `@handles(CommandType)` as it is imported, and
this list imports them all, so `handler_for` is complete once this package is loaded. A
test checks that every `Command` type has a handler here (and a parser, a help form and
a Discord subcommand).
"""

from bot.commands.registry import handler_for

# Imported for what importing does (each module's `@handles` registers its handlers),
# not for a name used here.
from bot.handlers import (  # noqa: F401
    answers,
    applications,
    calendar_files,
    community,
    daily,
    followups,
    guide,
    help,
    interviews,
    job_search,
    outcomes,
    practice,
    privacy,
    quiet,
    reminders,
    settings,
    stories,
    thanks,
    timed_practice,
)

__all__ = ["handler_for"]
