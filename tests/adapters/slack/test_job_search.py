"""The job search on Slack: mailto buttons with the whole draft, valid Block Kit."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from tests.adapters.slack.blockkit import buttons, plain
from tests.fakes.slack_api import validate_blocks


async def test_thanks_offers_a_mailto_button_with_the_filled_draft(slack):
    """A url button (<= 3000 chars), subject and body filled; pressing it is only acked."""
    await slack.command(
        "interview 2026-03-05 10:00 Acme as Data Analyst with Dana Lee (hiring manager, "
        "dana.lee@acme.com), Sam Ortiz (peer)"
    )
    slack.bot.clock.set(datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    await slack.command("thanks note Dana the data team split")
    answer = await slack.command("thanks")
    assert validate_blocks(answer.blocks) == []
    [link] = [b for b in buttons(answer.blocks) if b.get("url")]
    assert link["text"]["text"] == "Email Dana Lee" and len(link["url"]) <= 3000
    query = parse_qs(urlsplit(link["url"]).query)
    assert "the data team split" in query["body"][0]
    assert "conversation about the data team split" in plain(answer.blocks)
