"""What commands, buttons and forms hand their work to: the client's `Runner`.

Listeners stay thin: they turn an interaction into a `/prep` line (or a parsed form)
and give it to the runner, which asks the core and answers the interaction. Listeners
find the runner on `interaction.client`, so a button still works after a restart
without holding any state of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import discord

from bot.commands.types import Command, ParseError

Interaction = discord.Interaction[Any]


class Runner(Protocol):
    """Runs `/prep` work for an interaction and answers it."""

    async def run(
        self,
        interaction: Interaction,
        line: str,
        *,
        public: bool = False,
        team_id: str | None = None,
    ) -> None:
        """Answer `interaction` with the core's reply to the `/prep` text `line`.

        `team_id` names the server when the interaction comes from a DM (a button).
        """
        ...

    async def run_parsed(
        self, interaction: Interaction, parsed: Command | ParseError, *, public: bool = False
    ) -> None:
        """Answer `interaction` with the core's reply to an already parsed command."""
        ...

    def categories(self) -> Mapping[str, str]:
        """Question category ids and their labels, for autocomplete."""
        ...


@runtime_checkable
class HasRunner(Protocol):
    """A client that carries a prepbot runner."""

    runner: Runner


def runner_of(interaction: Interaction) -> Runner:
    """The runner of the client that received `interaction`."""
    client = interaction.client
    if not isinstance(client, HasRunner):
        raise RuntimeError("this Discord client was not built by adapters.discord.create_client")
    return client.runner
