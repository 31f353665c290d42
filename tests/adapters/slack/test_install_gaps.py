"""Multi-workspace gaps: bot-only authorisation, Grid workspaces, SLACK_ALLOWED_TEAMS."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select, text

from adapters.slack.app import build_transport, create_app
from adapters.slack.main import web_app
from bot.app import PrepBot
from bot.replies import text_reply
from bot.schedule.transport import Recipient
from tests.adapters.slack.conftest import slack_settings
from tests.adapters.slack.test_oauth import _install
from tests.fakes.slack_api import CLIENT_ID, CLIENT_SECRET

GRID_TEAM, GRID_ORG = "T0GRIDWS1", "E0GRIDORG"
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


async def _installer(fake, db, clock, database_url, **extra):
    settings = slack_settings(
        fake,
        database_url,
        slack_bot_token=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        **extra,
    )
    transport = build_transport(settings, db=db)
    bot = PrepBot(db, clock=clock, transports={"slack": transport})
    app = create_app(settings, bot)
    client = TestClient(TestServer(web_app(app)))
    await client.start_server()
    return app, client, transport


async def test_the_app_authorises_requests_from_bot_tokens_only(fake, db, clock, database_url):
    """installation_store_bot_only reaches the App, not only the OAuth settings."""
    app, client, transport = await _installer(fake, db, clock, database_url)
    try:
        assert app._async_authorize.bot_only is True  # bolt keeps it on its authorizer
        assert app.oauth_flow.settings.installation_store_bot_only is True
    finally:
        await client.close()
        await transport.close()


async def test_a_grid_workspace_is_found_under_its_organisation(fake, db, clock, database_url):
    """Installed in an Enterprise Grid org: the transport finds its token (was: paused)."""
    _, client, transport = await _installer(fake, db, clock, database_url)
    try:
        _, _, done = await _install(client, team=f"{GRID_TEAM}@{GRID_ORG}")
        assert done.status == 200
        async with db.engine.connect() as connection:
            stored = await connection.scalar(text("SELECT enterprise_id FROM slack_bots"))
        assert stored == GRID_ORG
        fake.add_user("U0GRIDMEM")
        to = Recipient(member_id=1, platform="slack", team_id=GRID_TEAM, user_id="U0GRIDMEM")
        await transport.send(to, text_reply("Hello"), idempotency_key="grid-1")
        assert fake.calls_to("chat.postMessage")[-1].token == f"xoxb-installed-{GRID_TEAM}"
    finally:
        await client.close()
        await transport.close()


async def test_an_install_outside_the_allowed_teams_is_refused(fake, db, clock, database_url):
    """SLACK_ALLOWED_TEAMS: another workspace gets a 403 page, nothing stored, token revoked."""
    _, client, transport = await _installer(
        fake, db, clock, database_url, slack_allowed_teams="T0ALLOWED, T0ALSOOK"
    )
    try:
        _, _, refused = await _install(client, team="T0STRANGER")
        assert refused.status == 403
        assert "not available for this workspace" in await refused.text()
        async with db.engine.connect() as connection:
            count = await connection.scalar(select(func.count()).select_from(text("slack_bots")))
        assert count == 0
        assert "xoxb-installed-T0STRANGER" not in fake.tokens
        assert [c.token for c in fake.calls_to("auth.revoke")] == ["xoxb-installed-T0STRANGER"]

        _, _, allowed = await _install(client, team="T0ALSOOK")
        assert allowed.status == 200
    finally:
        await client.close()
        await transport.close()
