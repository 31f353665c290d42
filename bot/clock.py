"""Time as a dependency: the real clock in production, a virtual one in `simulate`/tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current UTC time."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        return datetime.now(UTC)


class VirtualClock:
    """A clock that only moves when told to (simulations and tests)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("VirtualClock needs an aware start time")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """The current virtual time."""
        return self._now

    def set(self, when: datetime) -> None:
        """Move to `when` (never backwards: time in a simulation only moves on)."""
        when = when.astimezone(UTC)
        if when < self._now:
            raise ValueError(f"virtual clock cannot go back from {self._now} to {when}")
        self._now = when
