"""`simulate` scenario files: YAML in, a checked `Scenario` out (or a clear error).

```yaml
start: 2026-03-06T00:00:00Z
end: 2026-03-10T00:00:00Z
users:
  - {id: alice, tz: America/New_York}
events:
  - {at: 2026-03-06T13:00:00Z, user: alice, say: "daily on 08:30"}
outages:
  - {from: 2026-03-08T10:00:00Z, to: 2026-03-08T16:00:00Z}
```
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.schedule.timemath import zone


class ScenarioError(Exception):
    """The scenario file is not usable; the message names the file and the problem."""


@dataclass(frozen=True)
class SimUser:
    """A member of the simulated community."""

    id: str
    tz: str = "UTC"
    # Community features: the platform says the user is an admin, and which channel
    # their commands (and thread replies) are in.
    admin: bool = False
    channel: str | None = None


@dataclass(frozen=True)
class SimEvent:
    """A command a user types at an instant.

    With `thread`, `say` is instead a reply they write in the answer thread of their
    channel's newest question of the day (a message, not a command). With `dm`, it is
    a message they write in their DM with prepbot (the answer to `practice` or to the
    daily question).
    """

    at: datetime
    user: str
    say: str
    thread: bool = False
    dm: bool = False


@dataclass(frozen=True)
class Outage:
    """A window when the bot is down: nothing runs, commands go unanswered."""

    start: datetime
    end: datetime

    def covers(self, at: datetime) -> bool:
        """Whether the bot is down at `at` (start inclusive, end exclusive)."""
        return self.start <= at < self.end


@dataclass(frozen=True)
class Scenario:
    """A whole simulation: time span, users, what they say, and outages."""

    start: datetime
    end: datetime
    users: tuple[SimUser, ...]
    events: tuple[SimEvent, ...]
    outages: tuple[Outage, ...]


def _instant(value: Any, where: str) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ScenarioError(f"{where}: `{value}` is not an ISO date-time") from None
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    else:
        raise ScenarioError(f"{where}: expected a date-time like 2026-03-06T13:00:00Z")
    # YAML timestamps without an offset are UTC, as in the YAML spec.
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _mapping(value: Any, where: str, required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: expected a mapping")
    missing = [key for key in required if key not in value]
    if missing:
        raise ScenarioError(f"{where}: missing {', '.join(missing)}")
    return value


def parse_scenario(data: Any, source: str = "scenario") -> Scenario:
    """Check and convert loaded YAML."""
    top = _mapping(data, source, ("start", "end", "users"))
    start, end = _instant(top["start"], f"{source}: start"), _instant(top["end"], f"{source}: end")
    if end <= start:
        raise ScenarioError(f"{source}: end must be after start")
    users = []
    for index, raw in enumerate(top.get("users") or []):
        entry = _mapping(raw, f"{source}: users[{index}]", ("id",))
        tz = str(entry.get("tz", "UTC"))
        try:
            zone(tz)
        except (KeyError, ValueError):
            raise ScenarioError(f"{source}: users[{index}]: unknown time zone {tz}") from None
        channel = entry.get("channel")
        users.append(
            SimUser(
                str(entry["id"]),
                tz,
                admin=entry.get("admin") is True,
                channel=None if channel is None else str(channel),
            )
        )
    known = {user.id for user in users}
    if len(known) != len(users):
        raise ScenarioError(f"{source}: user ids must be unique")
    events = []
    for index, raw in enumerate(top.get("events") or []):
        where = f"{source}: events[{index}]"
        entry = _mapping(raw, where, ("at", "user"))
        if sum(key in entry for key in ("say", "thread", "dm")) != 1:
            raise ScenarioError(f"{where}: needs one of say, thread or dm")
        if str(entry["user"]) not in known:
            raise ScenarioError(f"{where}: unknown user {entry['user']}")
        at = _instant(entry["at"], where)
        if not start <= at < end:
            raise ScenarioError(f"{where}: {entry['at']} is outside start..end")
        kind = next(key for key in ("say", "thread", "dm") if key in entry)
        events.append(
            SimEvent(
                at, str(entry["user"]), str(entry[kind]), thread=kind == "thread", dm=kind == "dm"
            )
        )
    outages = []
    for index, raw in enumerate(top.get("outages") or []):
        where = f"{source}: outages[{index}]"
        entry = _mapping(raw, where, ("from", "to"))
        outage = Outage(_instant(entry["from"], where), _instant(entry["to"], where))
        if outage.end <= outage.start:
            raise ScenarioError(f"{where}: `to` must be after `from`")
        outages.append(outage)
    # Stable sort: same-instant events keep the file's order.
    events.sort(key=lambda event: event.at)
    outages.sort(key=lambda outage: outage.start)
    return Scenario(start, end, tuple(users), tuple(events), tuple(outages))


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ScenarioError(f"{path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML ({error})") from None
    return parse_scenario(data, str(path))
