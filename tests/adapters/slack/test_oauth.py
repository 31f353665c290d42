import re
import time

import pytest
from aiohttp.test_utils import TestClient, TestServer
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, func, select, text

from adapters.slack import oauth
from adapters.slack.app import build_transport, create_app
from adapters.slack.main import web_app
from bot.app import PrepBot
from bot.db.models import Member
from bot.replies import text_reply
from bot.schedule.transport import Recipient
from tests.adapters.slack.blockkit import plain
from tests.adapters.slack.conftest import ANA, slack_settings
from tests.fakes.slack_api import (
    CLIENT_ID,
    CLIENT_SECRET,
    event_callback,
    signed_headers,
    slash_command,
)

NEW_TEAM = "T0NEWTEAM"

# slack_sdk's OAuth exchange still uses aiohttp's BasicAuth; not ours to change.
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


def _store_metadata():
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


async def test_migration_creates_exactly_the_slack_sdk_store_tables(db):
    """Migration 0002 matches slack_sdk's own table definitions, column for column."""
    metadata = _store_metadata()

    def diff(connection):
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, parent: (
                    type_ != "table" or name in metadata.tables
                ),
            },
        )
        return compare_metadata(context, metadata)

    async with db.engine.connect() as connection:
        assert await connection.run_sync(diff) == []


@pytest.fixture
async def installer(fake, db, clock, database_url):
    """The app in multi-workspace mode: OAuth routes, tokens from the database."""
    settings = slack_settings(
        fake,
        database_url,
        slack_bot_token=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
    )
    transport = build_transport(settings, db=db)
    bot = PrepBot(db, clock=clock, transports={"slack": transport})
    client = TestClient(TestServer(web_app(create_app(settings, bot))))
    await client.start_server()
    yield client, settings, transport, bot
    await client.close()
    await transport.close()


async def _install(client, team=NEW_TEAM):
    page = await client.get("/slack/install")
    html = await page.text()
    state = re.search(r"state=([\w-]+)", html).group(1)
    # The state cookie is Secure (HTTPS only); a browser on https would send it back.
    cookie = page.headers["Set-Cookie"].split(";")[0]
    done = await client.get(
        f"/slack/oauth_redirect?code=code-{team}&state={state}", headers={"Cookie": cookie}
    )
    return page, html, done


async def test_install_link_asks_for_the_manifest_scopes_and_stores_state(installer, db):
    """/slack/install links to Slack's consent page with our client and scopes; state is stored."""
    client, *_ = installer
    page = await client.get("/slack/install")
    html = await page.text()
    assert page.status == 200
    assert f"client_id={CLIENT_ID}" in html
    assert "scope=" + ",".join(oauth.BOT_SCOPES) in html.replace("%2C", ",").replace("%3A", ":")
    async with db.engine.connect() as connection:
        assert (
            await connection.scalar(select(func.count()).select_from(text("slack_oauth_states")))
            == 1
        )


async def test_oauth_redirect_saves_the_installation_and_the_transport_uses_it(installer, fake):
    """Completing the install stores the bot token; the dispatcher's transport then DMs with it."""
    client, _, transport, _ = installer
    _, _, done = await _install(client)
    assert done.status == 200
    [exchange] = fake.calls_to("oauth.v2.access")
    assert exchange.params["code"] == f"code-{NEW_TEAM}"
    fake.add_user("U0NEWBIE1")
    await transport.send(
        Recipient(member_id=1, platform="slack", team_id=NEW_TEAM, user_id="U0NEWBIE1"),
        text_reply("Hello"),
        idempotency_key="k",
    )
    assert fake.calls_to("chat.postMessage")[-1].token == f"xoxb-installed-{NEW_TEAM}"


async def test_oauth_redirect_with_a_forged_state_installs_nothing(installer, fake):
    """A redirect whose state we never issued is refused before any code exchange."""
    client, *_ = installer
    await client.get("/slack/install")
    done = await client.get(f"/slack/oauth_redirect?code=code-{NEW_TEAM}&state=made-up")
    assert done.status >= 400
    assert fake.calls_to("oauth.v2.access") == []


async def test_installed_workspace_can_use_prep_and_uninstall_removes_it(installer, fake, db):
    """After install /prep works there; app_uninstalled pauses members and deletes the tokens."""
    client, settings, _, _ = installer
    await _install(client)
    fake.add_user(ANA, tz="Europe/Berlin")
    body = slash_command(
        "help", user_id=ANA, response_url=fake.response_url("o1"), team_id=NEW_TEAM
    )
    response = await client.post("/slack/events", data=body, headers=signed_headers(body))
    assert response.status == 200
    [answer] = await fake.wait_for("response_url")
    assert "/prep second-round" in plain(answer.params["blocks"])

    event = event_callback({"type": "app_uninstalled", "event_ts": "1.0"}, team_id=NEW_TEAM)
    response = await client.post(
        "/slack/events",
        data=event,
        headers={**signed_headers(event), "Content-Type": "application/json"},
    )
    assert response.status == 200
    await fake.quiet()
    store = oauth.installation_store(settings, db.engine)
    assert await store.async_find_bot(enterprise_id=None, team_id=NEW_TEAM) is None
    async with db.session() as session:
        member = (await session.execute(select(Member))).scalar_one()
        assert member.paused_at is not None


def _forged(body):
    return signed_headers(body, secret="not-the-signing-secret")


def _stale(body):
    return signed_headers(body, timestamp=int(time.time()) - 10 * 60)


def _unsigned(body):
    return {"Content-Type": "application/x-www-form-urlencoded"}


def _tampered(body):
    """Signed for `help`, sent with `privacy delete confirm`."""
    return signed_headers(body.replace("privacy+delete+confirm", "help"))


@pytest.mark.parametrize("headers", [_forged, _stale, _unsigned, _tampered])
async def test_multi_workspace_mode_refuses_unauthentic_requests(installer, fake, db, headers):
    """OAuth mode checks signatures too: forged, stale, unsigned or tampered get 401, run
    nothing, and create nobody, even for an installed workspace."""
    client, _, _, _ = installer
    await _install(client)
    fake.add_user(ANA, tz="Europe/Berlin")
    body = slash_command(
        "privacy delete confirm" if headers is _tampered else "help",
        user_id=ANA,
        response_url=fake.response_url("forged"),
        team_id=NEW_TEAM,
    )
    response = await client.post("/slack/events", data=body, headers=headers(body))
    assert response.status == 401
    await fake.quiet()
    assert fake.calls_to("response_url") == []
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Member)) == 0
