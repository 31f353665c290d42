"""A Slack token the fake Slack rejects stops `prepbot slack` at start, in one line."""

from __future__ import annotations

from bot.startup import EXIT_TOKEN
from tests.fakes.slack_api import BOT_TOKEN, SIGNING_SECRET
from tests.service.cli import free_port, prepbot_async

WRONG_BOT = "xoxb-1111-2222-wrongwrongwrong"
WRONG_APP = "xapp-1-A111-2222-wrongwrongwrong"


def _env(fake, tmp_path, **values):
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prepbot.sqlite3'}",
        "SLACK_API_URL": fake.api_url,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        **values,
    }


async def test_a_rejected_bot_token_exits_4_before_serving(fake, tmp_path):
    """auth.test at start: invalid_auth is one line naming SLACK_BOT_TOKEN, exit 4."""
    env = _env(fake, tmp_path, SLACK_BOT_TOKEN=WRONG_BOT)
    port = str(free_port())
    result = await prepbot_async(tmp_path, "slack", "--http", "--port", port, **env)
    assert result.code == EXIT_TOKEN, result.stderr
    assert result.lines == [
        "prepbot slack: Slack rejected SLACK_BOT_TOKEN (invalid_auth): copy the Bot User "
        "OAuth Token (xoxb-...) from OAuth & Permissions again"
    ]
    assert WRONG_BOT not in result.stderr
    assert [call.method for call in fake.calls] == ["auth.test"]


async def test_a_rejected_socket_mode_app_token_exits_4_instead_of_retrying(fake, tmp_path):
    """One apps.connections.open: invalid_auth is one line, not a retry every 10 s."""
    env = _env(fake, tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=WRONG_APP)
    result = await prepbot_async(tmp_path, "slack", **env)
    assert result.code == EXIT_TOKEN, result.stderr
    assert len(result.lines) == 1 and "SLACK_APP_TOKEN (invalid_auth)" in result.stderr
    assert WRONG_APP not in result.stderr
    assert [call.method for call in fake.calls] == ["auth.test", "apps.connections.open"]


async def test_run_checks_the_token_too(fake, tmp_path):
    """`prepbot run` with a Slack token goes through the same check."""
    env = _env(fake, tmp_path, SLACK_BOT_TOKEN=WRONG_BOT)
    result = await prepbot_async(tmp_path, "run", "--http", "--port", str(free_port()), **env)
    assert result.code == EXIT_TOKEN, result.stderr
    assert len(result.lines) == 1 and "SLACK_BOT_TOKEN" in result.stderr


async def test_slack_unreachable_at_start_is_one_warning_not_an_exit(tmp_path):
    """An outage is not a bad token: one warning line, then it keeps trying (test_outages)."""
    from adapters.slack.preflight import check_slack_tokens
    from bot.config import Settings

    api = f"http://127.0.0.1:{free_port()}/api/"
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, slack_api_url=api, slack_bot_token=BOT_TOKEN, slack_app_token=WRONG_APP
    )
    import logging

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("adapters.slack.preflight")
    logger.addHandler(handler)
    try:
        await check_slack_tokens(settings, socket_mode=True)  # returns: no StartupError
    finally:
        logger.removeHandler(handler)
    assert [r.levelname for r in records] == ["WARNING", "WARNING"]
    assert f"cannot reach Slack at {api} to check SLACK_BOT_TOKEN" in records[0].getMessage()
