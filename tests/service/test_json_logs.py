"""`LOG_FORMAT=json`: one JSON object per line, secrets masked as in text logs."""

from __future__ import annotations

import json
import logging

from bot.logs import REDACTED, configure_logging
from tests.service.cli import prepbot

SECRET = "s3cret-signing-value-77"
TOKEN = "xoxb-1234567890-abcdefghijkl"


def test_json_lines_keep_the_redaction(capsys):
    """Message and traceback are JSON fields, with the secret and token shapes masked."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    configure_logging("INFO", [SECRET], log_format="json")
    log = logging.getLogger("prepbot.test")
    try:
        log.warning("signing with %s and %s", SECRET, TOKEN)
        try:
            raise RuntimeError(f"failed with {SECRET}")
        except RuntimeError:
            log.exception("boom")
    finally:
        # Put back pytest's handlers: ours writes to capsys's stream, closed after this test.
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["level"] for line in lines] == ["WARNING", "ERROR"]
    assert lines[0]["message"] == f"signing with {REDACTED} and {REDACTED}"
    assert lines[0]["logger"] == "prepbot.test" and "T" in lines[0]["time"]
    assert SECRET not in lines[1]["exception"] and "RuntimeError" in lines[1]["exception"]


def test_log_format_is_read_from_the_environment(tmp_path):
    """A real process with LOG_FORMAT=JSON (any case) writes JSON lines."""
    result = prepbot(
        tmp_path,
        "console",
        stdin="/prep help\n",
        LOG_FORMAT="JSON",
        LOG_LEVEL="debug",
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}",
    )
    assert result.code == 0, result.stderr
    entries = [json.loads(line) for line in result.lines]
    assert entries and all({"time", "level", "logger", "message"} <= set(e) for e in entries)
