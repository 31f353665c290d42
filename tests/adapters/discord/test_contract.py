"""The shared conversation cases, sent as real Discord interactions through the real tree."""

from __future__ import annotations

import pytest

from bot.commands.grammar import parse
from bot.commands.registry import handler_for
from bot.commands.types import ParseError, SetTimezone
from tests.adapters.discord.helpers import Harness
from tests.adapters.discord.payloads import option
from tests.adapters.discord.typed import form_values, options_for
from tests.contract.cases import CASES, Case
from tests.contract.runner import run_case


def _missing_handlers(case: Case) -> list[str]:
    """Command types in the case that the core does not handle yet."""
    parsed = [parse(step.text) for step in case.steps]
    return [
        type(p).__name__ for p in parsed if not isinstance(p, ParseError) and handler_for(p) is None
    ]


async def send_text(harness: Harness, text: str) -> tuple[str, bool]:
    """`/prep <text>` as a member enters it on Discord; the answer as plain text."""
    subcommand, options = options_for(text)
    if subcommand == "interview":
        opened = await harness.command("interview", replies=False)
        assert opened.kind == 9, "the interview subcommand opens a form"
        values = form_values(text)
        if values is None:  # the line itself is wrong: no form could say that
            raise AssertionError(f"cannot fill the interview form from {text!r}")
        exchange = await harness.submit(opened.callback.body["data"], values)
    else:
        exchange = await harness.command(subcommand, options)
    assert exchange.messages, f"no answer to {text!r}"
    return exchange.text, exchange.is_error


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_contract_case_on_discord(case: Case, harness: Harness):
    """Each shared case passes through Discord interactions, the tree and the fake API."""
    missing = _missing_handlers(case)
    if missing:
        pytest.skip(f"the core does not handle {', '.join(missing)} yet")
    if handler_for(SetTimezone(case.tz)) is not None:
        # Discord shares no profile zone: the member sets it, as the case's member has.
        await harness.command("tz", [option("zone", case.tz)])
    await run_case(case, lambda text: send_text(harness, text))
