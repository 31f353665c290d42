import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from adapters.slack.app import api_url
from adapters.slack.main import config_problem
from tests.adapters.slack.blockkit import plain
from tests.adapters.slack.conftest import ANA, slack_settings
from tests.fakes.slack_api import (
    BOT_TOKEN,
    SIGNING_SECRET,
    signed_headers,
    slash_command,
    validate_blocks,
)

ROOT = Path(__file__).parents[3]


def test_config_problems_name_what_is_missing(fake, tmp_path):
    """Each mode says which setting it needs before starting."""
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert config_problem(slack_settings(fake, url), http=True) is None
    assert "SLACK_SIGNING_SECRET" in config_problem(
        slack_settings(fake, url, slack_signing_secret=None), http=True
    )
    assert "SLACK_APP_TOKEN" in config_problem(slack_settings(fake, url), http=False)
    assert config_problem(slack_settings(fake, url, slack_app_token="xapp-1"), http=False) is None
    assert "SLACK_BOT_TOKEN" in config_problem(
        slack_settings(fake, url, slack_bot_token=None), http=True
    )


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
@pytest.mark.parametrize("extra", [[], ["--with-clock"]], ids=["web", "with-clock"])
async def test_prepbot_slack_http_end_to_end(fake, tmp_path, extra):
    """`--http`: a signed /prep second-round is acked fast and answered; a forgery gets 401."""
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prepbot.sqlite3'}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "PYTHONPATH": str(ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.slack.main",
        "--http",
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
        *extra,
        cwd=tmp_path,
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(150):
                try:
                    async with http.get(f"{base}/healthz") as ready:
                        if ready.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            else:
                pytest.fail("prepbot slack --http did not start")

            body = slash_command("second-round", user_id=ANA, response_url=fake.response_url("e2e"))
            # How fast the ack comes is `prepbot bench latency`'s figure, not a pass/fail.
            async with http.post(
                f"{base}/slack/events", data=body, headers=signed_headers(body)
            ) as response:
                assert response.status == 200
                assert await response.text() == ""  # acked empty: the answer comes after
            [answer] = await fake.wait_for("response_url")
            assert validate_blocks(answer.params["blocks"]) == []
            assert "Share in channel" in plain(answer.params["blocks"])

            forged = slash_command("help", user_id=ANA, response_url=fake.response_url("forged"))
            async with http.post(
                f"{base}/slack/events", data=forged, headers=signed_headers(forged, secret="wrong")
            ) as response:
                assert response.status == 401
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 15)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert BOT_TOKEN not in stderr.decode() and SIGNING_SECRET not in stderr.decode()


def test_api_url_gets_the_slash_slack_sdk_needs(fake, tmp_path):
    """SLACK_API_URL works with or without a trailing slash."""
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert api_url(slack_settings(fake, url, slack_api_url="http://x/api")) == "http://x/api/"
    assert api_url(slack_settings(fake, url, slack_api_url="http://x/api/")) == "http://x/api/"
