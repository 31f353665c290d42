"""Logging set-up with a redacting filter: tokens never reach a log line.

The filter knows the configured secrets by value and also catches anything shaped like
a Slack or Discord token, so a token pasted into an error message or an SDK's debug
output is masked too.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

REDACTED = "[redacted]"
# Slack tokens (xoxb-, xoxp-, xapp-, xoxe-...) and Discord bot tokens (three dot-separated
# base64 parts, the first one the bot id).
TOKEN_PATTERN = re.compile(
    r"\bxox[abeprs]-[A-Za-z0-9-]{8,}|\bxapp-[A-Za-z0-9-]{8,}"
    r"|\b[MNO][A-Za-z\d_-]{22,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b"
)


class RedactingFilter(logging.Filter):
    """Masks secrets in the formatted message (args are merged in first)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """`text` with every known secret and token-shaped string masked."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_PATTERN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = self.redact(message)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        record.msg, record.args = cleaned, None
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> RedactingFilter:
    """One stderr handler, our format, and the redacting filter on it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redactor = RedactingFilter(secrets)
    handler.addFilter(redactor)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    if level != "DEBUG":
        # Alembic narrates every step at INFO; that drowns the console conversation.
        logging.getLogger("alembic").setLevel(logging.WARNING)
        # So does APScheduler: two lines per engine tick, every few seconds.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return redactor
