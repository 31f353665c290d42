"""Logging set-up with a redacting filter: tokens never reach a log line.

The filter knows the configured secrets by value and also catches anything shaped like
a Slack or Discord token, so a token pasted into an error message or an SDK's debug
output is masked too.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable

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


# The filter `configure_logging` installed: `redact` uses its secrets for text that is
# stored rather than logged (a failed delivery's error, a pause reason).
_active = RedactingFilter()


def redact(text: str) -> str:
    """`text` with the configured secrets and anything token-shaped masked."""
    return _active.redact(text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line (`LOG_FORMAT=json`) for log collectors.

    It formats the record after the redacting filter has rewritten it, so the message
    and the traceback it writes are the masked ones.
    """

    def format(self, record: logging.LogRecord) -> str:
        """`{"time", "level", "logger", "message"[, "exception"]}` on one line."""
        entry: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = _active.redact(record.exc_text)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(
    level: str, secrets: Iterable[str] = (), *, log_format: str = "text"
) -> RedactingFilter:
    """One stderr handler, our format (text or JSON lines), and the redacting filter on it."""
    global _active
    handler = logging.StreamHandler(sys.stderr)
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    redactor = RedactingFilter(secrets)
    _active = redactor
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
    # A tick that finds the previous one still sending is skipped by design
    # (max_instances=1, coalesce): APScheduler warns about it every tick of a long run.
    logging.getLogger("apscheduler.scheduler").addFilter(_drop_busy_tick_warning)
    # prepbot never joins a voice channel: discord.py's two warnings about missing voice
    # libraries at every start would be the first thing an operator learns to ignore.
    logging.getLogger("discord.client").addFilter(_drop_voice_warning)
    return redactor


def _drop_busy_tick_warning(record: logging.LogRecord) -> bool:
    return "maximum number of running instances reached" not in record.getMessage()


def _drop_voice_warning(record: logging.LogRecord) -> bool:
    return "voice will NOT be supported" not in record.getMessage()


class ProblemLog:
    """One clear line when a recurring problem starts, and one when it clears.

    A database or platform outage makes the same call fail every few seconds for as
    long as it lasts; logging each failure would bury the one line that matters. The
    first failure is logged at ERROR (with what is being done about it), repeats only at
    DEBUG, and the first success afterwards says how long it lasted.
    """

    def __init__(
        self,
        logger: logging.Logger,
        what: str,
        *,
        action: str = "retrying",
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._log = logger
        self.what = what
        self._action = action
        self._monotonic = monotonic
        self._since: float | None = None
        self._first = ""
        self.failures = 0

    @property
    def ongoing(self) -> bool:
        """Whether the problem has not cleared yet."""
        return self._since is not None

    def failed(self, error: BaseException | str, *, trace: bool = False) -> None:
        """Note one failure; only the first of an episode is logged above DEBUG.

        `trace` adds the traceback to that first line (for errors that look like bugs
        rather than an outage).
        """
        reason = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        reason = " ".join(reason.split())[:300]
        self.failures += 1
        if self._since is None:
            self._since = self._monotonic()
            self._first = reason
            exc_info = error if trace and isinstance(error, BaseException) else None
            self._log.error("%s: %s (%s)", self.what, reason, self._action, exc_info=exc_info)
        else:
            self._log.debug("%s again (%d): %s", self.what, self.failures, reason)

    def ok(self) -> None:
        """Note a success: if a problem was ongoing, say it cleared."""
        if self._since is None:
            return
        lasted = self._monotonic() - self._since
        self._log.warning(
            "%s: %s: resolved after %d failure(s) over %.0f s",
            self.what,
            self._first[:100],
            self.failures,
            lasted,
        )
        self._since, self.failures = None, 0
