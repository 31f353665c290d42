"""Every command handler, one module per feature, and the lookup the app uses.

Each module registers its handlers with `@handles(CommandType)` as it is imported, and
this list imports them all, so `handler_for` is complete once this package is loaded. A
test checks that every `Command` type has a handler here (and a parser, a help form and
a Discord subcommand).
"""

from bot.commands.registry import handler_for
from bot.handlers import (
    answers,
    applications,
    calendar_files,
    community,
    daily,
    followups,
    guide,
    help,
    interviews,
    outcomes,
    practice,
    privacy,
    quiet,
    reminders,
    settings,
    stories,
    thanks,
)

MODULES = (
    answers,
    applications,
    calendar_files,
    community,
    daily,
    followups,
    guide,
    help,
    interviews,
    outcomes,
    practice,
    privacy,
    quiet,
    reminders,
    settings,
    stories,
    thanks,
)

__all__ = ["MODULES", "handler_for"]
