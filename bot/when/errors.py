"""The one error the when-reader raises: what was wrong, said to the member."""

from __future__ import annotations


class WhenError(Exception):
    """Text that looks like a time but cannot be read as one; `message` says why.

    `suggestion` is text after `/prep` an adapter may offer as a button (a zone to set).
    `readings` are the two ways an ambiguous date like `03/04` reads (month first, day
    first), so the caller can say which the member's locale suggests.
    """

    def __init__(
        self,
        message: str,
        suggestion: str | None = None,
        readings: tuple[str, str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion
        self.readings = readings  # (as typed, month first, day first)
