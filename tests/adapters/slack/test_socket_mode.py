import asyncio

from adapters.slack.app import build_transport, create_app
from adapters.slack.main import serve_socket_mode
from bot.app import PrepBot
from tests.adapters.slack.blockkit import plain
from tests.adapters.slack.conftest import ANA, slack_settings
from tests.fakes.slack_api import APP_TOKEN, slash_command_fields


async def test_socket_mode_receives_a_command_acks_it_and_answers(fake, db, clock, database_url):
    """Over Socket Mode (no public URL) a /prep envelope is acked on the socket and answered."""
    settings = slack_settings(fake, database_url, slack_app_token=APP_TOKEN)
    transport = build_transport(settings, db=db)
    app = create_app(settings, PrepBot(db, clock=clock, transports={"slack": transport}))
    stop = asyncio.Event()
    server = asyncio.create_task(serve_socket_mode(app, app_token=APP_TOKEN, stop=stop))
    try:
        payload = slash_command_fields(
            "second-round", user_id=ANA, response_url=fake.response_url("sm")
        )
        envelope = {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "payload": payload,
            "accepts_response_payload": True,
        }
        await fake.socket_send(envelope)
        [ack] = await fake.wait_for("socket_ack")
        assert ack.params["envelope_id"] == "env-1"
        [answer] = await fake.wait_for("response_url")
        assert "Share in channel" in plain(answer.params["blocks"])
        [opened] = fake.calls_to("apps.connections.open")
        assert opened.token == APP_TOKEN
    finally:
        stop.set()
        await asyncio.wait_for(server, 10)
        await transport.close()
