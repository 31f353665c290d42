"""`tz [zone]`: IANA zone names matched case-insensitively, returned canonically spelt."""

from __future__ import annotations

import difflib
import re
import zoneinfo
from functools import cache

from bot.commands.text import Reject, collapse, show
from bot.commands.types import SetTimezone, ShowTimezone

MAX_ZONE = 60
# Keys zoneinfo can list on some systems that are not zones a member should pick.
_NOT_ZONES = {"localtime", "posixrules", "factory"}


@cache
def _zones() -> dict[str, str]:
    """Map lowercased zone keys to canonical ones, built once (about 600 entries)."""
    return {
        key.lower(): key for key in zoneinfo.available_timezones() if key.lower() not in _NOT_ZONES
    }


def _closest(typed: str) -> str | None:
    """Guess the zone a member meant from a city alone (`berlin`) or a near miss."""
    zones = _zones()
    by_city = [key for low, key in zones.items() if low.rsplit("/", 1)[-1] == typed]
    if len(by_city) == 1:
        return by_city[0]
    close = difflib.get_close_matches(typed, list(zones), n=1, cutoff=0.75)
    return zones[close[0]] if close else None


def parse_tz(rest: str) -> SetTimezone | ShowTimezone:
    """Read the arguments after `tz`: nothing shows the zone, a zone name sets it."""
    typed = collapse(rest)
    if not typed:
        return ShowTimezone()
    if len(typed) > MAX_ZONE:
        raise Reject("That is too long for a time zone name: try one like Europe/Berlin.")
    # "America/New York" for America/New_York: zone keys never contain spaces.
    key = re.sub(r"\s*/\s*", "/", typed).replace(" ", "_").lower()
    zone = _zones().get(key)
    if zone is not None:
        return SetTimezone(zone=zone)
    guess = _closest(key)
    hint = f" Did you mean `{guess}`?" if guess else " Use a region/city name."
    extra = {"suggestion": f"tz {guess}"} if guess else {}
    raise Reject(f"I don't know the time zone `{show(typed)}`.{hint}", **extra)
