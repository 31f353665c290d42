"""Unauthenticated junk gets a 4xx and no traceback: nobody can flood the logs."""

from __future__ import annotations

import asyncio
import logging
import socket
import time

import pytest

from adapters.slack.app import create_app
from adapters.slack.main import EVENTS_PATH, serve_http
from tests.adapters.slack.conftest import ANA, SlackHarness
from tests.fakes.slack_api import signed_headers, slash_command

BODY = "command=%2Fprep&text=help&user_id=U0ANA0001&team_id=T0FAKE001"


def _headers(**overrides: str) -> dict[str, str]:
    headers = {**signed_headers(BODY), **overrides}
    return {name: value for name, value in headers.items() if value != "<drop>"}


CASES = {
    "timestamp not a number": _headers(**{"X-Slack-Request-Timestamp": "abc"}),
    "timestamp empty": _headers(**{"X-Slack-Request-Timestamp": ""}),
    "timestamp huge": _headers(**{"X-Slack-Request-Timestamp": "9" * 40}),
    "timestamp negative": _headers(**{"X-Slack-Request-Timestamp": "-5"}),
    "signature missing": _headers(**{"X-Slack-Signature": "<drop>"}),
    "signature junk": _headers(**{"X-Slack-Signature": "v0=\u00e9\u00e9"}),
    "timestamp missing": _headers(**{"X-Slack-Request-Timestamp": "<drop>"}),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_malformed_signature_headers_get_a_4xx_and_one_quiet_line_at_most(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    caplog.set_level(logging.INFO)
    response = await slack.http.post(EVENTS_PATH, data=BODY.encode(), headers=CASES[case])
    assert 400 <= response.status < 500, (response.status, await response.text())
    noisy = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert noisy == [], [r.getMessage() for r in noisy]


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe\xfa not utf-8", b"%" * 10, b"payload=%7Bnot json", b"\x00" * 64],
    ids=["not utf-8", "bad percent", "unsigned bad payload", "nul bytes"],
)
async def test_malformed_unsigned_bodies_get_a_4xx_without_a_traceback(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture, body: bytes
) -> None:
    caplog.set_level(logging.INFO)
    stamp = str(int(time.time()))
    headers = {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + "0" * 64,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    response = await slack.http.post(EVENTS_PATH, data=body, headers=headers)
    assert 400 <= response.status < 500
    noisy = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert noisy == [], [r.getMessage() for r in noisy]


async def test_a_well_formed_request_still_works(slack: SlackHarness) -> None:
    """The checks in front of bolt let an ordinary signed command through."""
    answer = await slack.command("help", user=ANA)
    assert answer.status == 200 and answer.messages
    assert slash_command  # the same builder the harness signs with


async def _closed(reader: asyncio.StreamReader) -> bool:
    """Whether the server closed this connection (within the test's patience)."""
    try:
        async with asyncio.timeout(10):
            while await reader.read(1024):
                pass
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return True


async def test_idle_and_half_sent_connections_are_closed(slack: SlackHarness) -> None:
    """Slow-loris: sockets that never finish their headers or body are closed, not held."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stop = asyncio.Event()
    app = create_app(slack.settings, slack.bot)
    server = asyncio.create_task(
        serve_http(
            app, host="127.0.0.1", port=port, stop=stop, header_timeout=0.5, body_timeout=0.5
        )
    )
    connections: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    try:
        async with asyncio.timeout(10):
            while True:
                try:
                    connections.append(await asyncio.open_connection("127.0.0.1", port))
                    break
                except OSError:
                    await asyncio.sleep(0.05)
        for _ in range(29):
            connections.append(await asyncio.open_connection("127.0.0.1", port))
        half_body = (
            f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in signed_headers(BODY).items())
            + "\r\n"
            + BODY[:10]
        )
        for n, (_, writer) in enumerate(connections):
            if n % 3 == 1:  # half the headers, never the rest
                writer.write(f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: x\r\nX-Slack".encode())
            elif n % 3 == 2:  # the headers, and a tenth of the body
                writer.write(half_body.encode())
            await writer.drain()  # n % 3 == 0: nothing at all
        closed = await asyncio.gather(*(_closed(reader) for reader, _ in connections))
    finally:
        for _, writer in connections:
            writer.close()
        stop.set()
        await server
    assert all(closed), f"{closed.count(False)} of {len(closed)} still open"
