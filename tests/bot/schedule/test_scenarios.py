"""`prepbot simulate` on the scenarios in tests/scenarios, byte for byte.

Regenerate the expected files after an intended change with
`PREPBOT_REGEN_SCENARIOS=1 pytest tests/bot/schedule/test_scenarios.py`, and review the
diff like any other change.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

import tests.bot.schedule.support  # noqa: F401  (every handler registered)
from bot.kinds import KINDS
from prepbot.simulate import simulate

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))
REGENERATE = os.environ.get("PREPBOT_REGEN_SCENARIOS") == "1"
KEYS = ["at_utc", "at_local", "user", "kind", "text"]


def run(path: Path, *, json_lines: bool = True) -> str:
    out = io.StringIO()
    assert simulate(path, json=json_lines, out=out) == 0
    return out.getvalue()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_simulate_matches_the_expected_output(path: Path) -> None:
    """The JSON lines equal the checked-in expected file, byte for byte."""
    expected = path.with_suffix(".expected.jsonl")
    output = run(path)
    if REGENERATE:
        expected.write_text(output, encoding="utf-8", newline="\n")
    assert expected.exists(), f"no {expected.name}: run with PREPBOT_REGEN_SCENARIOS=1"
    assert output == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_simulate_lines_follow_the_contract(path: Path) -> None:
    """Each line has the documented keys, a delivery kind or `reply`, in time order."""
    lines = [json.loads(line) for line in run(path).splitlines()]
    assert lines
    assert all(list(line) == KEYS for line in lines)
    assert [line["at_utc"] for line in lines] == sorted(line["at_utc"] for line in lines)
    assert {line["kind"] for line in lines} <= {"reply", *KINDS}


def test_simulate_is_readable_without_json(tmp_path: Path) -> None:
    """Without --json each message gets a heading with its local time, user and kind."""
    text = run(SCENARIOS[0], json_lines=False)
    assert text.startswith("== ") and "(reply)" in text


def test_a_broken_scenario_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario with a mistake exits 2 and names the file and the problem."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "start: 2026-03-06T00:00:00Z\nend: 2026-03-10T00:00:00Z\nusers: [{id: a}]\n"
        "events: [{at: 2026-03-06T01:00:00Z, user: b, say: help}]\n"
    )
    assert simulate(broken, json=True, out=io.StringIO()) == 2
    assert "broken.yaml: events[0]: unknown user b" in capsys.readouterr().err
