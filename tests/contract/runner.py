"""Checks one contract case against an adapter's rendered answers."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from tests.contract.cases import Case

# Sends `/prep <text>` through an adapter; returns (plain text of the answer, is_error).
Send = Callable[[str], Awaitable[tuple[str, bool]]]


def _fill(text: str, remembered: dict[str, str]) -> str:
    for name, value in remembered.items():
        text = text.replace("{" + name + "}", value)
    return text


async def run_case(case: Case, send: Send) -> None:
    """Send each step and assert on its answer."""
    remembered: dict[str, str] = {}
    for step in case.steps:
        text, is_error = await send(_fill(step.text, remembered))
        lowered = text.lower()
        for name, pattern in step.remember:
            found = re.search(pattern, lowered)
            assert found, f"{case.name}: {step.text!r} should show {name} ({pattern}):\n{text}"
            remembered[name] = found.group(1)
        for fragment in (_fill(f, remembered) for f in step.expect):
            assert fragment.lower() in lowered, (
                f"{case.name}: {step.text!r} should mention {fragment!r}:\n{text}"
            )
        for fragment in step.forbid:
            assert fragment.lower() not in lowered, f"{case.name}: {fragment!r} in:\n{text}"
        assert is_error == step.is_error, f"{case.name}: {step.text!r} is_error={is_error}"
