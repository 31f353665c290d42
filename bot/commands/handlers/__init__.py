"""Every command handler; importing this package registers them all."""

from bot.commands.handlers import (
    answers,
    community,
    daily,
    followups,
    guide,
    help,
    interviews,
    practice,
    privacy,
    quiet,
    reminders,
    settings,
    stories,
    thanks,
)

__all__ = [
    "answers",
    "community",
    "daily",
    "followups",
    "guide",
    "help",
    "interviews",
    "practice",
    "privacy",
    "quiet",
    "reminders",
    "settings",
    "stories",
    "thanks",
]
