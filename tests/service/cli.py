"""Run the real `prepbot` command line in a subprocess with a clean environment."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[2]
# Variables a developer's shell (or .env) may set that would change what a test sees.
CLEARED_PREFIXES = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "TICK_", "PREPBOT_", "PORT")


@dataclass
class Result:
    """What a `prepbot` process printed and how it exited."""

    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """The non-empty lines it wrote to stderr."""
        return [line for line in self.stderr.splitlines() if line.strip()]


def clean_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """The test process's environment without prepbot's settings, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED_PREFIXES)}
    env.update(
        PYTHONPATH=str(ROOT),
        PREPBOT_ENV_FILE=str(tmp_path / "no.env"),
        PREPBOT_DATA_DIR=str(tmp_path / "data"),
    )
    env.update(values)
    return env


def prepbot(tmp_path: Path, *args: str, stdin: str | None = None, **values: str) -> Result:
    """`prepbot ARGS` with only `values` set; stdin is /dev/null unless given."""
    done = subprocess.run(
        [sys.executable, "-m", "prepbot.cli", *args],
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        env=clean_env(tmp_path, **values),
        cwd=tmp_path,
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


async def prepbot_async(tmp_path: Path, *args: str, **values: str) -> Result:
    """`prepbot ARGS` without blocking the loop (a fake in this process must answer it)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "prepbot.cli",
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=clean_env(tmp_path, **values),
        cwd=tmp_path,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        process.kill()
        stdout, stderr = await process.communicate()
    assert process.returncode is not None
    return Result(process.returncode, stdout.decode(), stderr.decode())


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
