import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.console.render import render
from adapters.console.session import ConsoleSession, run_console
from bot.app import PrepBot
from bot.commands.context import Actor
from tests.contract.cases import CASES
from tests.contract.runner import run_case

ROOT = Path(__file__).parents[3]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_contract_case_on_console(case, db, clock):
    """The shared conversation cases pass through the console adapter."""
    out = io.StringIO()
    actor = Actor(platform="console", user_id="ana", tz_hint=case.tz)
    session = ConsoleSession(PrepBot(db, clock=clock), actor, out=out)

    async def send(text):
        reply = await session.answer(f"/prep {text}")
        assert reply is not None
        return render(reply), reply.is_error

    await run_case(case, send)


async def test_number_presses_a_button(db, clock):
    """Typing a button's number runs its command as the same member."""
    out = io.StringIO()
    session = ConsoleSession(PrepBot(db, clock=clock), Actor("console", "ana"), out=out)
    first = await session.answer("second-round")
    assert first is not None
    index = next(i for i, b in enumerate(first.buttons, 1) if b.command == "second-round formats")
    second = await session.answer(str(index))
    assert second is not None
    assert second.summary != first.summary
    assert "formats" in render(second).lower() or "format" in second.summary.lower()


async def test_piped_input_answers_each_line_then_ends(db, clock):
    """run_console answers every line and returns 0 at end of input."""
    out = io.StringIO()
    session = ConsoleSession(PrepBot(db, clock=clock), Actor("console", "ana"), out=out)
    status = await run_console(session, io.StringIO("help\n\nquestion\n"), interactive=False)
    assert status == 0
    assert out.getvalue().count("(type a number to press a button)") == 2


def test_prepbot_console_subprocess(tmp_path):
    """`printf ... | prepbot console --user ana --tz Europe/Berlin` prints the guide, exits 0."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'console.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-m", "prepbot.cli", "console", "--user", "ana", "--tz", "Europe/Berlin"],
        input="/prep second-round\n/prep question\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "second" in result.stdout.lower()
    assert "/prep answer" in result.stdout
    assert "Traceback" not in result.stderr
