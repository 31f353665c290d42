"""`tz <zone>` as people say it: IANA names, city names, abbreviations, `GMT+1`.

What a member types is read to a zone that follows summer time, and the reply says how it
was read. Fixed-offset zones (`EST`, `Etc/GMT+1`, `GMT`) are never stored silently:
`Etc/GMT+1` is UTC-1 (POSIX signs run backwards), which is never what `GMT+1` meant.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources

from bot.when._words import shown
from bot.when.errors import WhenError

MAX_ZONE = 60
# Keys zoneinfo can list on some systems that are not zones a member should pick.
_NOT_ZONES = {"localtime", "posixrules", "factory"}
_REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
            "Indian", "Pacific")  # fmt: skip

# Abbreviations people use for the zone they live in, mapped to a zone that follows
# summer time the way theirs does. Those that mean several places are asked back.
ABBREVIATIONS = {
    **dict.fromkeys(("est", "edt", "et", "eastern", "est5edt"), "America/New_York"),
    **dict.fromkeys(("cdt", "ct", "central", "cst6cdt"), "America/Chicago"),
    **dict.fromkeys(("mst", "mdt", "mt", "mountain", "mst7mdt"), "America/Denver"),
    **dict.fromkeys(("pst", "pdt", "pt", "pacific", "pst8pdt"), "America/Los_Angeles"),
    **dict.fromkeys(("akst", "akdt"), "America/Anchorage"),
    **dict.fromkeys(("hst", "hast"), "Pacific/Honolulu"),
    **dict.fromkeys(("cet", "cest", "met", "mest"), "Europe/Berlin"),
    **dict.fromkeys(("wet", "west"), "Europe/Lisbon"),
    **dict.fromkeys(("bst",), "Europe/London"),
    **dict.fromkeys(("jst",), "Asia/Tokyo"),
    **dict.fromkeys(("kst",), "Asia/Seoul"),
    **dict.fromkeys(("sgt",), "Asia/Singapore"),
    **dict.fromkeys(("hkt",), "Asia/Hong_Kong"),
    **dict.fromkeys(("aest", "aedt"), "Australia/Sydney"),
    **dict.fromkeys(("nzst", "nzdt"), "Pacific/Auckland"),
    **dict.fromkeys(("utc", "etc/utc", "z", "zulu", "uct", "universal"), "UTC"),
}
AMBIGUOUS = {
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "cst": ("America/Chicago", "Asia/Shanghai"),
    "gmt": ("Europe/London", "UTC"),
    "eet": ("Europe/Athens", "Europe/Helsinki", "Europe/Bucharest"),
    "eest": ("Europe/Athens", "Europe/Helsinki", "Europe/Bucharest"),
    "ast": ("America/Halifax", "Asia/Riyadh"),
}
# Cities offered for a fixed offset, best known first; others of the offset follow.
_WELL_KNOWN = (
    "Europe/London", "Europe/Berlin", "Europe/Paris", "Africa/Lagos", "Europe/Athens",
    "Africa/Cairo", "Africa/Johannesburg", "Europe/Istanbul", "Europe/Moscow", "Asia/Dubai",
    "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta",
    "Asia/Shanghai", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Australia/Brisbane",
    "Australia/Sydney", "Pacific/Auckland", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
    "America/Halifax", "America/New_York", "America/Bogota", "America/Chicago",
    "America/Mexico_City", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "Atlantic/Azores", "Atlantic/Cape_Verde",
    "Africa/Nairobi", "Asia/Tehran", "Asia/Kathmandu", "Australia/Adelaide",
)  # fmt: skip
_OFFSET = re.compile(r"(?:utc|gmt|etc/gmt|etc/utc)?\s*([+-])\s*([0-9]{1,2})(?::?([0-9]{2}))?")


@dataclass(frozen=True)
class ZoneReading:
    """The zone a member meant, and how it was read when they did not type it exactly."""

    zone: str
    read_as: str | None = None  # what they typed, when it was a city or an abbreviation


@cache
def zones() -> dict[str, str]:
    """Map lowercased zone keys to canonical ones, built once (about 600 entries)."""
    return {
        key.lower(): key for key in zoneinfo.available_timezones() if key.lower() not in _NOT_ZONES
    }


@cache
def _links() -> dict[str, str]:
    """Backward-compatible names and the zone each links to (`Asia/Calcutta` -> Kolkata).

    Read from the tzdata package's source file, so a city offered is never an old alias
    of another one offered beside it.
    """
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # system zoneinfo only: no aliases known
        return {}
    links = (line.split() for line in text.splitlines() if line.startswith("L "))
    return {parts[2]: parts[1] for parts in links if len(parts) == 3}


@cache
def _by_city() -> dict[str, tuple[str, ...]]:
    """`berlin` -> (`Europe/Berlin`,): city part of each regional zone, lowercased."""
    found: dict[str, list[str]] = {}
    links = _links()
    for key in zones().values():
        if key.split("/", 1)[0] in _REGIONS and "/" in key and key not in links:
            found.setdefault(key.rsplit("/", 1)[-1].lower(), []).append(key)
    return {city: tuple(sorted(keys)) for city, keys in found.items()}


def _offset_of(zone: str, on: date) -> timedelta:
    noon = datetime.combine(on, time(12, 0), tzinfo=UTC)
    offset = noon.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    return offset or timedelta(0)


def cities_at(offset: timedelta, on: date, limit: int = 4) -> list[str]:
    """Zones whose clocks are `offset` from UTC on `on`, best known first."""
    known = [zone for zone in _WELL_KNOWN if zone in zones().values()]
    others = sorted(key for keys in _by_city().values() for key in keys if key not in _WELL_KNOWN)
    return [zone for zone in (*known, *others) if _offset_of(zone, on) == offset][:limit]


def _fmt_offset(offset: timedelta) -> str:
    minutes = int(offset / timedelta(minutes=1))
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _fixed_offset(typed: str, key: str, on: date) -> WhenError | None:
    """The explanation for `GMT+1`, `UTC-05:00` or `Etc/GMT+1`; None if it is not one."""
    match = _OFFSET.fullmatch(key)
    if match is None or not re.match(r"(utc|gmt|etc/|[+-])", key):
        return None
    hours, minutes = int(match[2]), int(match[3] or 0)
    if hours > 14 or minutes > 59:
        return WhenError(f"`{shown(typed)}` isn't an offset clocks use (they run UTC-12 to +14).")
    offset = timedelta(hours=hours, minutes=minutes) * (1 if match[1] == "+" else -1)
    if key.startswith("etc/gmt"):
        offset = -offset  # POSIX: Etc/GMT+1 is one hour *behind* UTC
    cities = (["UTC"] if not offset else []) + cities_at(offset, on)
    if not cities:
        return WhenError(
            f"No place is at {_fmt_offset(offset)} today: try a city, like `tz Europe/Berlin`."
        )
    offer = ", ".join(f"`tz {city}`" for city in cities)
    backwards = " (Etc/ names count backwards)" if key.startswith("etc/") else ""
    return WhenError(
        f"`{shown(typed)}` is a fixed offset, {_fmt_offset(offset)}{backwards}, with no summer "
        f"time, so your messages would drift by an hour when clocks change. Places at "
        f"{_fmt_offset(offset)} today: {offer}.",
        suggestion=f"tz {cities[0]}",
    )


def _fixed_named(typed: str) -> WhenError:
    return WhenError(
        f"`{shown(typed)}` is a fixed offset with no place behind it: name a city instead, "
        "like `tz Berlin` or `tz New York`."
    )


def _ask_which(typed: str, options: tuple[str, ...]) -> WhenError:
    offer = " or ".join(f"`tz {zone}`" for zone in options)
    return WhenError(f"`{shown(typed)}` means more than one place: say which, {offer}.")


def looks_like_zone(word: str) -> bool:
    """Whether a word is written as a zone (`Europe/Berlin`, `EST`, `GMT+1`), not a city."""
    key = word.lower()
    return "/" in key or key in ABBREVIATIONS or key in AMBIGUOUS or bool(_OFFSET.fullmatch(key))


def read_zone(typed: str, on: date) -> ZoneReading:
    """Read what a member typed after `tz` (non-empty) as a zone; `on` dates the offsets."""
    if len(typed) > MAX_ZONE:
        raise WhenError("That is too long for a time zone name: try one like Europe/Berlin.")
    # "America/New York" for America/New_York: zone keys never contain spaces.
    key = re.sub(r"\s*/\s*", "/", typed.strip()).replace(" ", "_").lower()
    if key in AMBIGUOUS:
        raise _ask_which(typed, AMBIGUOUS[key])
    if key in ABBREVIATIONS:
        mapped = ABBREVIATIONS[key]
        exact = zones().get(key) == mapped
        return ZoneReading(mapped, None if exact else typed.strip())
    if (fixed := _fixed_offset(typed, key, on)) is not None:
        raise fixed
    zone = zones().get(key)
    target = _links().get(zone or "", zone or "")
    if zone is not None and target.startswith("Etc/") and target != "Etc/UTC":
        # `Etc/GMT+1`, `GMT0`, `Greenwich`: an offset with no place behind it.
        raise _fixed_named(typed)
    if zone is not None and "/" in zone and not zone.startswith("Etc/"):
        return ZoneReading(zone)
    city = _by_city().get(key.rsplit("/", 1)[-1])
    if city is not None and len(city) == 1:
        return ZoneReading(city[0], typed.strip())
    if city is not None:
        raise _ask_which(typed, city)
    if zone is not None:  # a legacy key (`Cuba`, `Navajo`): store the zone it links to
        return ZoneReading(zone)
    close = difflib.get_close_matches(key, list(zones()), n=1, cutoff=0.75)
    near_city = difflib.get_close_matches(key, list(_by_city()), n=1, cutoff=0.75)
    if close or (near_city and len(_by_city()[near_city[0]]) == 1):
        guess = zones()[close[0]] if close else _by_city()[near_city[0]][0]
        raise WhenError(
            f"I don't know the time zone `{shown(typed)}`. Did you mean `{guess}`?",
            suggestion=f"tz {guess}",
        )
    raise WhenError(
        f"I don't know the time zone `{shown(typed)}`: use a city like `Berlin` or "
        "`New York`, or a region/city name like `Europe/Berlin`."
    )


def follows_summer_time(zone: str, on: date) -> bool:
    """Whether the zone's clocks change during the year around `on`."""
    winter = _offset_of(zone, date(on.year, 1, 15))
    summer = _offset_of(zone, date(on.year, 7, 15))
    return winter != summer
