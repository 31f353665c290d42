"""A Discord token the fake Discord rejects stops `prepbot discord` at login, in one line."""

from __future__ import annotations

from bot.startup import EXIT_TOKEN
from tests.service.cli import prepbot_async

WRONG = "MTEx.wrong-token.not-a-real-one"


async def test_a_rejected_discord_token_exits_4_at_login(fake_api, tmp_path):
    """GET /users/@me answers 401: one line, exit 4, the token never printed."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prepbot.sqlite3'}",
        "DISCORD_TOKEN": WRONG,
        "DISCORD_API_URL": fake_api.base_url,
    }
    for command in (["discord"], ["run"]):
        result = await prepbot_async(tmp_path, *command, **env)
        assert result.code == EXIT_TOKEN, result.stderr
        problems = [line for line in result.lines if " INFO " not in line]
        assert problems == ["Discord rejected DISCORD_TOKEN: copy it again from the Bot page."]
        assert WRONG not in result.stderr
