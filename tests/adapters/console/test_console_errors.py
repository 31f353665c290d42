"""The console when its database cannot be used: one line each, never a traceback.

A database URL that points nowhere, one that is not a URL, and an SQLite file that can
take no more writes (a full disk: SQLite's "database or disk is full").
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, text

from adapters.console.main import main as console_main
from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.config import get_settings
from bot.db.engine import Database
from bot.plaintext import render_plain

ROOT = Path(__file__).resolve().parents[3]


def _console(database_url: str, typed: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "prepbot.cli", "console", "--user", "ana"],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_database_nobody_listens_on_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    """Found at start (issue 18's start-up check): one line naming it, status 3, nothing run.

    A database that goes away mid-session is the apology path (the full SQLite file below).
    """
    url = f"postgresql://nobody@127.0.0.1:{_closed_port()}/nowhere"
    result = _console(url, "stories add Led the migration\n", tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "127.0.0.1" in lines[0] and "refused" in lines[0], result.stderr


def test_a_database_url_that_is_not_one_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The console's own start: one line and status 2 (the CLI's start is issue 18's)."""
    monkeypatch.setenv("DATABASE_URL", "notaurl")
    get_settings.cache_clear()
    try:
        status = console_main([])
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "DATABASE_URL" in lines[0], err


async def test_a_full_sqlite_file_is_an_apology_and_one_line(
    tmp_path: Path, clock: VirtualClock, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    import asyncio

    await asyncio.to_thread(upgrade, url)
    db = Database(url)

    def no_more_pages(connection: object, _record: object) -> None:
        # SQLite refuses to grow the file past this: what a full disk looks like to it.
        cursor = connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA max_page_count = 1")
        cursor.close()

    event.listen(db.engine.sync_engine, "connect", no_more_pages)
    try:
        async with db.session() as session:
            assert (await session.execute(text("PRAGMA max_page_count"))).scalar()
        bot = PrepBot(db, clock=clock)
        ana = Actor("console", "ana", display_name="Ana")
        caplog.set_level(logging.INFO)
        # Long answers (real sentences: noise is refused before anything is stored) until
        # the file cannot grow: the first that does not fit fails, and so does each after.
        replies = []
        for n in range(8):
            story = (
                f"In project {n} I led the team and we cut the release time by {n + 10} percent. "
            )
            replies.append(await bot.handle_text(ana, "answer " + story * 38))
    finally:
        await db.dispose()
    refused = [reply for reply in replies if reply.is_error]
    assert len(refused) >= 4, [render_plain(reply)[:80] for reply in replies]
    for reply in refused:
        assert "nothing was changed" in render_plain(reply)
    traced = [r for r in caplog.records if r.exc_info]
    assert traced == [], [r.getMessage() for r in traced]
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1 and "full" in problems[0], problems
