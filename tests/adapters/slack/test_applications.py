"""The applications board through the real bolt app and the Slack fake: blocks and App Home."""

from __future__ import annotations

from tests.adapters.slack.blockkit import button, buttons, is_error, plain
from tests.adapters.slack.conftest import ANA, BEN
from tests.fakes.slack_api import validate_blocks


async def _home(slack, user: str) -> str:
    await slack.event(
        {"type": "app_home_opened", "user": user, "channel": "D0X", "tab": "home", "event_ts": "1"}
    )
    view = slack.fake.calls_to("views.publish")[-1].params["view"]
    assert validate_blocks(view["blocks"], max_blocks=100) == []
    return plain(view["blocks"])


async def test_board_is_valid_block_kit_with_each_application(slack):
    """`/prep applications` answers with valid blocks naming each stage and next step."""
    await slack.command("apply Globex as Analyst via a referral")
    await slack.command("interview 2026-03-20 10:00 Initech as Analyst")
    answer = await slack.command("pipeline")
    assert validate_blocks(answer.blocks) == []
    shown = plain(answer.blocks)
    assert "Globex as Analyst" in shown and "applied" in shown
    assert "Initech as Analyst" in shown and "interviewing (round 1)" in shown
    assert "Next: interview Fri 20 Mar, 10:00" in shown
    assert button(answer.blocks, "My interviews")["value"]


async def test_markup_in_a_company_name_is_refused_and_nothing_shows(slack):
    """`apply <!channel>` is refused; the board stays empty."""
    answer = await slack.command("apply <!channel> as *boss*")
    assert is_error(answer.blocks)
    assert "No applications yet" in plain((await slack.command("applications")).blocks)


async def test_ambiguous_prefix_offers_one_button_per_application(slack):
    """`outcome ac rejected` with Acme and Acorn: both named, a button each, pressable."""
    await slack.command("apply Acme")
    await slack.command("apply Acorn")
    answer = await slack.command("outcome ac rejected")
    assert is_error(answer.blocks)
    labels = [b["text"]["text"] for b in buttons(answer.blocks)]
    assert len(labels) == 2 and any(label.startswith("Acorn") for label in labels)
    pressed = await slack.press(
        next(b for b in buttons(answer.blocks) if "Acorn" in b["text"]["text"])
    )
    assert "the stage is now rejected" in plain(pressed.blocks)


async def test_app_home_lists_open_applications_for_their_owner_only(slack):
    """App Home has an Applications section for Ana; Ben's home has none of it."""
    await slack.command("apply Globex as Analyst")
    await slack.command("apply Initech")
    await slack.command("outcome Initech rejected")
    shown = await _home(slack, ANA)
    assert "Applications" in shown and "Globex" in shown and "applied" in shown
    assert "Initech" not in shown  # closed: the home lists what is still open
    assert "Globex" not in await _home(slack, BEN)
