"""`prepbot run` with Slack and Discord tokens runs both adapters and one clock."""

from __future__ import annotations

import asyncio

import pytest

from adapters.discord.client import PrepClient, set_api_base
from adapters.together import run_together
from bot.config import Settings
from prepbot.launch import Launch, plan_run
from tests.adapters.discord.test_main import _due_daily_question
from tests.fakes.discord_api import TOKEN, FakeDiscordAPI
from tests.fakes.slack_api import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack


def _settings(database_url: str, slack: FakeSlack, discord_api: FakeDiscordAPI) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database_url,
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        discord_token=TOKEN,
        discord_api_url=discord_api.base_url,
        tick_seconds=0.2,
    )


def test_run_plans_both_platforms_when_both_tokens_are_set():
    """Both tokens: the combined runner, forwarding --http and --port."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, slack_bot_token=BOT_TOKEN, discord_token=TOKEN
    )
    plan = plan_run(settings, interactive=False, http=True, port=8080)
    assert plan == Launch("together", ["--http", "--port", "8080"])
    slack_only = Settings(_env_file=None, slack_bot_token=BOT_TOKEN)  # type: ignore[call-arg]
    assert plan_run(slack_only, interactive=False, http=True, port=None) == Launch(
        "slack", ["--with-clock", "--http"]
    )


async def test_both_adapters_connect_and_the_clock_sends(database_url, monkeypatch):
    """Slack connects by Socket Mode, Discord logs in, a due Discord DM goes out; then stop."""
    gateway = asyncio.Event()

    async def no_gateway(self, *, reconnect: bool = True) -> None:  # the fake has no gateway
        gateway.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(PrepClient, "connect", no_gateway)
    await _due_daily_question(database_url)
    discord_api = FakeDiscordAPI()
    await discord_api.start()
    previous = set_api_base(discord_api.base_url)
    try:
        async with FakeSlack() as slack:
            stop = asyncio.Event()
            settings = _settings(database_url, slack, discord_api)
            running = asyncio.create_task(
                run_together(settings, http=False, host="127.0.0.1", port=0, stop=stop)
            )
            # Generous waits: three parts start on a shared, busy machine. If the runner
            # ends early, its own error is the failure.
            waiting = asyncio.ensure_future(
                asyncio.gather(
                    slack.wait_for("apps.connections.open", count=2, within=60),
                    asyncio.wait_for(gateway.wait(), 60),
                    discord_api.wait_for(
                        lambda r: r.method == "POST" and r.path.endswith("/messages"), within=60
                    ),
                )
            )
            await asyncio.wait({running, waiting}, return_when=asyncio.FIRST_COMPLETED)
            if running.done():
                waiting.cancel()
                running.result()
                pytest.fail("run_together returned before both platforms were up")
            _, _, sent = await waiting
            assert sent.status == 200
            stop.set()
            await asyncio.wait_for(running, 15)
    finally:
        set_api_base(previous)
        await discord_api.close()
