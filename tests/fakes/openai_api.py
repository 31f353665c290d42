"""A fake OpenAI-compatible `/v1/chat/completions` server on 127.0.0.1 (aiohttp).

It speaks the wire shape Ollama, vLLM and hosted APIs share: a JSON body with `model`
and `messages` in, `{"choices": [{"message": {"role": "assistant", "content": ...}}]}`
out. `mode` picks how it behaves, so tests can prove the reviewer survives each way
a real service fails: slow, an HTTP error (429, 500), a body that is not JSON, JSON of
the wrong shape. Nothing here ever talks to a real service.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

GOOD_NOTE = "Strong ending. Say *why* the deadline mattered to the customer, in one sentence."


@dataclass
class FakeOpenAI:
    """Serve chat completions; `requests` keeps each body and its Authorization header."""

    mode: str = "good"  # good | slow | status | not-json | wrong-shape | empty
    content: str = GOOD_NOTE
    status: int = 500
    delay: float = 30.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _release: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0

    @property
    def url(self) -> str:
        """The base URL an admin would write (`.../v1`)."""
        return f"http://127.0.0.1:{self.port}/v1"

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append({"body": body, "authorization": request.headers.get("Authorization")})
        if not isinstance(body.get("messages"), list) or not body.get("model"):
            return web.json_response({"error": {"message": "bad request"}}, status=400)
        if self.mode == "slow":  # until `delay` passes or the fake closes
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), self.delay)
        if self.mode == "status":
            headers = {"Retry-After": "20"} if self.status == 429 else {}
            return web.json_response(
                {"error": {"message": "try later"}}, status=self.status, headers=headers
            )
        if self.mode == "not-json":
            return web.Response(text="<html>gateway error</html>", content_type="text/html")
        if self.mode == "wrong-shape":
            return web.json_response({"choices": [{"text": "legacy completion shape"}]})
        if self.mode == "empty":
            return web.json_response({"choices": [{"message": {"content": "  "}}]})
        return web.json_response(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.content},
                        "finish_reason": "stop",
                    }
                ],
            }
        )

    async def start(self) -> FakeOpenAI:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def close(self) -> None:
        self._release.set()  # a slow answer must not hold the shutdown
        if self._runner is not None:
            await self._runner.cleanup()

    def last_messages(self) -> list[dict[str, str]]:
        """The chat messages of the latest request."""
        return list(self.requests[-1]["body"]["messages"])


def as_json(data: Any) -> str:
    """A body as the fake would send it (for assertions on shapes)."""
    return json.dumps(data)
