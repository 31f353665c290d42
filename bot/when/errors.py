"""The one error the when-reader raises: what was wrong, said to the member."""

from __future__ import annotations


class WhenError(Exception):
    """Text that looks like a time but cannot be read as one; `message` says why.

    `suggestion` is text after `/prep` an adapter may offer as a button (a zone to set).
    """

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion
