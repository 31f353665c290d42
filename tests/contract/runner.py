"""Checks one contract case against an adapter's rendered answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tests.contract.cases import Case

# Sends `/prep <text>` through an adapter; returns (plain text of the answer, is_error).
Send = Callable[[str], Awaitable[tuple[str, bool]]]


async def run_case(case: Case, send: Send) -> None:
    """Send each step and assert on its answer."""
    for step in case.steps:
        text, is_error = await send(step.text)
        lowered = text.lower()
        for fragment in step.expect:
            assert fragment.lower() in lowered, (
                f"{case.name}: {step.text!r} should mention {fragment!r}:\n{text}"
            )
        for fragment in step.forbid:
            assert fragment.lower() not in lowered, f"{case.name}: {fragment!r} in:\n{text}"
        assert is_error == step.is_error, f"{case.name}: {step.text!r} is_error={is_error}"
