"""Every command handler; importing this package registers them all."""

from bot.commands.handlers import guide, help, practice

__all__ = ["guide", "help", "practice", "settings"]
