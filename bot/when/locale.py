"""A member's locale as a hint for `03/04`: which reading to suggest, never to pick.

Slack (a profile's `locale`) and Discord (an interaction's `locale`) say which language a
member uses. Where people write the month first (`en-US`: 03/04 is March 4) or the day
first (`en-GB`, `de`: 3 April) is only a likelihood, so an ambiguous date is still asked
back; the locale decides which reading the question offers first.
"""

from __future__ import annotations

# Locales that write a short numeric date month first. Everything else known to Slack or
# Discord writes the day first (most of Europe, Latin America, India, Australia).
_MONTH_FIRST = {"en-us", "es-us", "en-ph", "fil", "ja", "ko", "zh-cn", "zh-tw", "zh"}


def month_first(locale: str | None) -> bool | None:
    """Whether `locale` writes 03/04 as March 4; None when there is no locale to go by."""
    if not locale or not locale.strip():
        return None
    key = locale.strip().replace("_", "-").lower()
    return key in _MONTH_FIRST or key.split("-", 1)[0] in _MONTH_FIRST


def suggest_order(typed: str, as_us: str, as_eu: str, locale: str | None) -> str | None:
    """The sentence that offers the locale's reading of `typed` first (None: no hint)."""
    first = month_first(locale)
    if first is None:
        return None
    likely, other = (as_us, as_eu) if first else (as_eu, as_us)
    return (
        f"Your language setting ({locale}) suggests {likely}: write `{likely}` to confirm, "
        f"or `{other}` if you meant that."
    )
