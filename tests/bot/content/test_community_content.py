"""The community pack: the mock-interview script is data, checked like every other pack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import ContentError, load_library

CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """A private copy of the shipped packs that a test may break."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    return root


def test_the_script_loads_with_roles_for_pairs_and_trios() -> None:
    """Both role lines name everyone, in interviewer-first order; steps and tips exist."""
    script = load_library(CONTENT_DIR).mock_interview
    assert script is not None
    assert script.roles(("Ana", "Ben")).startswith("Ana plays interviewer first")
    trio = script.roles(("Ana", "Ben", "Chen"))
    assert all(name in trio for name in ("Ana", "Ben", "Chen"))
    assert len(script.steps) >= 3 and len(script.feedback) >= 2
    assert any("stopwatch" in step or "timer" in step for step in script.steps)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("{second} answers", "someone answers", "'pair_roles' must use {second}"),
        ("{third} interviews {first}", "{fourth} interviews {first}", "unknown placeholder"),
        ("  feedback:\n", "  tips:\n", "unknown key 'tips'"),
    ],
)
def test_a_broken_script_names_file_and_line(
    packs: Path, old: str, new: str, fragment: str
) -> None:
    """Mistakes in community.yaml are reported as `file:line: problem`."""
    path = packs / "community.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_library(packs)
    assert any(p.startswith(f"{path}:{line}: ") and fragment in p for p in caught.value.problems)


def test_a_missing_community_pack_is_reported(packs: Path) -> None:
    """Without community.yaml the packs do not load, and the message says which file."""
    (packs / "community.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        load_library(packs)
    assert any("community.yaml:1: pack file not found" in p for p in caught.value.problems)
