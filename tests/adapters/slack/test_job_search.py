"""The job search on Slack: mailto buttons with the whole draft, valid Block Kit."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from adapters.slack.render import render_blocks
from bot.replies import Buttons, Reply, email_button
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


def test_a_link_too_long_for_slack_falls_back_to_the_subject_then_to_no_button():
    """Over 3000 characters: the subject-only link; if even that is too long, no button."""

    long = email_button("Email Dana", "dana@acme.com", "Thanks", "x " * 2000)
    [actions] = [b for b in render_blocks(Reply((Buttons((long,)),))) if b["type"] == "actions"]
    [button] = actions["elements"]
    assert button["url"] == "mailto:dana@acme.com?subject=Thanks"
    huge = email_button("Email Dana", "dana@acme.com", "T" * 3100, "x")
    assert not [b for b in render_blocks(Reply((Buttons((huge,)),))) if b["type"] == "actions"]
