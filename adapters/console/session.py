"""A console conversation: read lines, answer each, press buttons by number.

With piped input it answers each line and returns at end of input (scripts and tests
use this); interactively it shows a prompt and keeps going until EOF or `quit`.
"""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from adapters.console.render import render
from bot.app import PrepBot
from bot.commands.context import Actor
from bot.replies import Attachment, Button, Reply

PROMPT = "prep> "
# Files a terminal cannot show usefully (a calendar) are written here rather than printed.
FILES_DIR_ENV = "PREPBOT_FILES_DIR"
SAVED_TYPES = frozenset({"text/calendar"})


def _files_dir() -> Path:
    return Path(os.environ.get(FILES_DIR_ENV) or ".")


@dataclass
class ConsoleSession:
    """One member typing at a terminal."""

    bot: PrepBot
    actor: Actor
    out: TextIO = field(default_factory=lambda: sys.stdout)
    color: bool = False
    files_dir: Path = field(default_factory=_files_dir)
    _buttons: tuple[Button, ...] = ()

    async def answer(self, line: str) -> Reply | None:
        """Answer one typed line (a number presses a button of the last reply)."""
        text = line.strip()
        if not text:
            return None
        if text.isdigit() and 1 <= int(text) <= len(self._buttons):
            text = self._buttons[int(text) - 1].command
        with self.bot.foreground.serving():  # the clock beside us waits its turn
            # The terminal is the member's DM: after `practice` (or a daily question) the
            # next line that is no command is the answer, timed from the question.
            reply = await self.bot.handle_message(self.actor, text, bare_commands=True)
        self._buttons = reply.buttons
        saved = self._save(reply.attachment)
        self.out.write(render(reply, color=self.color, saved_as=saved) + "\n\n")
        self.out.flush()
        # An AI reviewer's note (if one is set up) comes next, before the next prompt.
        await self.bot.follow_ups()
        return reply

    def _save(self, attachment: Attachment | None) -> Path | None:
        """Write a calendar file to `files_dir`; None for anything shown inline."""
        if attachment is None or attachment.mime_type not in SAVED_TYPES:
            return None
        self.files_dir.mkdir(parents=True, exist_ok=True)
        # The name is ours (`prepbot-<id>.ics`), never member text: no path tricks.
        path = (self.files_dir / Path(attachment.filename).name).resolve()
        # newline="" keeps the CRLF line ends RFC 5545 asks for.
        with path.open("w", encoding="utf-8", newline="") as file:
            file.write(attachment.content)
        return path


async def run_console(session: ConsoleSession, source: TextIO, *, interactive: bool) -> int:
    """Answer lines from `source` until end of input; returns the exit status."""
    if interactive:
        session.out.write(
            "prepbot console. Type /prep help (or just help); Ctrl-D or quit to leave.\n\n"
        )
    while True:
        if interactive:
            session.out.write(PROMPT)
            session.out.flush()
        # Reading stdin blocks; a thread keeps the event loop (and the clock) running.
        line = await asyncio.to_thread(source.readline)
        if not line:
            return 0
        if interactive and line.strip().lower() in {"quit", "exit"}:
            return 0
        await session.answer(line)
