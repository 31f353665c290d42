"""Privacy delete, checked by what is left: no row anywhere still names the member.

The privacy tests (tests/bot/services/test_privacy.py) prove every row *owned* by the
member goes. This proves the stronger thing the issue asks: after a week of community
life (a shared channel, a pairing round, check-ins, digests) the member deletes their
data, and a search of every column of every table finds neither their platform id nor
their name, including in other members' and the community's messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import text

from bot.db.engine import Database
from bot.db.models import Base
from tests.bot.schedule.support import play
from tests.reliability.helpers import FIGURES

SCENARIO = Path(__file__).parents[1] / "scenarios" / "community_week.yaml"
LEAVER = "zedquokka"  # ben in the scenario, renamed so a text search cannot mistake it


def _scenario(delete_at: str) -> dict[str, Any]:
    raw = SCENARIO.read_text(encoding="utf-8").replace("ben", LEAVER)
    scenario: dict[str, Any] = yaml.safe_load(raw)
    scenario["events"].append({"at": delete_at, "user": LEAVER, "say": "privacy delete confirm"})
    scenario["events"].sort(key=lambda event: str(event["at"]))
    return scenario


async def _rows_naming(db: Database, needle: str) -> list[str]:
    """`table: row` for every row of every table whose text mentions `needle`."""
    found = []
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(text(f'SELECT * FROM "{table.name}"'))).all():
                if needle in " ".join(str(value) for value in row).lower():
                    found.append(f"{table.name}: {tuple(row)}")
    return found


async def test_after_a_community_week_nothing_names_a_deleted_member(db: Database) -> None:
    """After a community week, no row of any table names a member who deleted their data."""
    lines = await play(db, _scenario("2026-03-19T18:00:00Z"))
    assert any(line["user"] == LEAVER for line in lines)  # they really took part
    assert any(line["kind"] == "pairing_checkin" for line in lines)
    left = await _rows_naming(db, LEAVER)
    FIGURES.scenarios.append("privacy: a member deleted mid-week is named nowhere after it")
    assert left == [], "\n".join(left)
