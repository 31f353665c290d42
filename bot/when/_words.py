"""Word helpers of the when-reader (kept here so it depends on nothing in commands)."""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
SHOW_LIMIT = 40


def split_first(text: str) -> tuple[str, str]:
    """Split off the first word; the rest keeps its inner spacing and line breaks."""
    parts = _WS.split(text.strip(), maxsplit=1)
    return parts[0], (parts[1] if len(parts) > 1 else "")


def shown(text: str, limit: int = SHOW_LIMIT) -> str:
    """A member's word made safe to quote: one line, short, no backticks."""
    flat = " ".join(text.split()).replace("`", "'")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
