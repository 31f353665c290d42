"""The reliability suite's fixtures and figures.

The adapter harnesses (the real bolt app over HTTP against the fake Slack, the real
discord.py client against the fake Discord API) are the adapter tests' own fixtures,
reused here so hostile payloads and faults go through exactly the same wiring.
"""

from __future__ import annotations

import pytest

from tests.adapters.discord.conftest import client, fake_api, harness, prep
from tests.adapters.slack.conftest import fake, slack
from tests.reliability.helpers import FIGURES

__all__ = ["client", "fake", "fake_api", "harness", "prep", "slack"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print fuzz cases run, fault scenarios survived, losses and duplicates."""
    if not (FIGURES.fuzz_cases or FIGURES.scenarios or FIGURES.crash_duplicates):
        return
    terminalreporter.section("reliability figures")
    for line in FIGURES.lines():
        terminalreporter.write_line(line)
