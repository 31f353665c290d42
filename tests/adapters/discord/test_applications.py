"""Applications on Discord: options become the line, the board is a valid embed."""

from __future__ import annotations

from tests.adapters.discord.payloads import option
from tests.fakes.discord_api import message_problems


async def test_apply_options_become_the_typed_line_and_the_board_is_an_embed(harness):
    """`/prep apply` with options records it; `/prep applications` is one valid embed."""
    recorded = await harness.command(
        "apply",
        [
            option("company", "Globex"),
            option("title", "Analyst"),
            option("via", "a referral"),
            option("on", "2026-02-27"),
        ],
    )
    assert not recorded.is_error, recorded.text
    assert "Globex as Analyst, via a referral, sent Fri 27 Feb 2026" in recorded.text
    board = await harness.command("applications")
    [message] = board.messages
    assert message_problems(message) == []
    assert message["embeds"] and "Globex as Analyst" in board.text and "applied" in board.text


async def test_outcome_choice_moves_the_stage_and_a_closed_one_is_refused(harness):
    """`/prep outcome` with a fixed choice records it; a second one on a closed one errs."""
    await harness.command("apply", [option("company", "Initech")])
    first = await harness.command(
        "outcome", [option("application", "Ini"), option("outcome", "rejected")]
    )
    assert not first.is_error and "the stage is now rejected" in first.text
    second = await harness.command(
        "outcome", [option("application", "Initech"), option("outcome", "offer")]
    )
    assert second.is_error and "is closed" in second.text
