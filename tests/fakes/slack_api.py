"""A local fake of Slack: the Web API the app calls, and the signed requests Slack sends.

`FakeSlack` is an aiohttp server speaking Slack's wire format: bearer-token auth,
`{"ok": false, "error": ...}` bodies, 429 with `Retry-After`, and the response shapes of
the methods prepbot uses. It records every call, checks Block Kit against the limits in
design.md (answering `invalid_blocks` like Slack), can enforce per-channel or per-team
rate limits and can be told to fail a method. It also serves response_urls and file
upload URLs. Channels (`add_channel`) and group DMs (`conversations.open`) keep their
messages and threads, so `conversations.replies` pages through what was posted and what
members replied (`user_reply`, which also returns the `message` event Slack would send).
The request builders at the bottom make what Slack would POST to the app (slash
commands, button presses, view submissions, events), signed with the real SDK.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-fake-bot-token"
SIGNING_SECRET = "fake-signing-secret"
TEAM_ID = "T0FAKE001"
BOT_USER_ID = "U0PREPBOT"
BOT_ID = "B0PREPBOT"
APP_ID = "A0PREPBOT"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fake-client-secret"
APP_TOKEN = "xapp-1-fake-app-token"

MAX_BLOCKS = 50
VIEW_MAX_BLOCKS = 100
MESSAGE_TEXT = 4000  # design.md's limit (Slack itself truncates only past 40,000)
SCOPES = (
    "commands,chat:write,users:read,files:write,channels:history,groups:history,"
    "channels:join,im:write,mpim:write"
)
MAX_GROUP_DM = 8  # users in a conversations.open call, besides the caller


@dataclass
class Call:
    """One request the fake received."""

    method: str  # a Web API method, "response_url" or "upload"
    params: dict[str, Any]
    token: str | None
    path: str
    at: float = field(default_factory=time.monotonic)


@dataclass
class _Failure:
    error: str
    status: int
    times: int
    headers: dict[str, str]
    after: int = 0  # calls to let through first


@dataclass
class _Limit:
    rate: float
    burst: float
    key: str
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, key: str) -> float:
        """0 if a call may go now (and spends a token), else seconds to wait."""
        now = time.monotonic()
        tokens, stamp = self.buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - stamp) * self.rate)
        if tokens >= 1:
            self.buckets[key] = (tokens - 1, now)
            return 0.0
        self.buckets[key] = (tokens, now)
        return (1 - tokens) / self.rate


UPLOAD_MAX_BYTES = 1024 * 1024 * 1024  # Slack's limit per file: 1 GB


@dataclass
class UploadedFile:
    """A file through the external upload flow: URL issued, bytes sent, then shared."""

    id: str
    filename: str
    length: int
    team: str
    data: bytes | None = None  # what was POSTed to the upload URL
    completed: bool = False
    title: str = ""
    channel: str | None = None  # where completeUploadExternal shared it (None: private)
    initial_comment: str | None = None

    def info(self) -> dict[str, Any]:
        """The file object Slack shows in a message's `files`."""
        return {
            "id": self.id,
            "name": self.filename,
            "title": self.title or self.filename,
            "size": self.length,
            "mode": "hosted",
            "is_external": False,
            "user": BOT_USER_ID,
        }


@dataclass
class Conversation:
    """A channel, private channel, group DM or DM the fake keeps messages for.

    `kind` is Slack's `channel_type` in message events: channel, group, mpim or im.
    Thread replies are kept in `messages` too, with `thread_ts` naming their parent.
    """

    id: str
    kind: str
    members: set[str] = field(default_factory=set)
    archived: bool = False
    messages: list[dict[str, Any]] = field(default_factory=list)

    def find(self, ts: str) -> dict[str, Any] | None:
        """The message with this ts, if it is here."""
        return next((m for m in self.messages if m["ts"] == ts), None)

    def thread(self, ts: str) -> list[dict[str, Any]]:
        """The parent and its replies, oldest first (empty if there is no such message)."""
        parent = self.find(ts)
        if parent is None:
            return []
        replies = [m for m in self.messages if m.get("thread_ts") == ts and m["ts"] != ts]
        return [parent, *sorted(replies, key=lambda m: float(m["ts"]))]

    def info(self) -> dict[str, Any]:
        """The conversation object conversations.* methods answer with."""
        return {
            "id": self.id,
            "is_channel": self.kind == "channel",
            "is_group": self.kind == "group",
            "is_mpim": self.kind == "mpim",
            "is_im": self.kind == "im",
            "is_private": self.kind != "channel",
            "is_archived": self.archived,
            "is_member": BOT_USER_ID in self.members,
        }


def _cursor(ts: str) -> str:
    return base64.b64encode(f"next_ts:{ts}".encode()).decode()


def _cursor_ts(cursor: str) -> str | None:
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return decoded.removeprefix("next_ts:") if decoded.startswith("next_ts:") else None


def user_profile(user_id: str, *, name: str = "", tz: str = "UTC", **extra: Any) -> dict[str, Any]:
    """A `users.info` user object (the fields Slack sends that anyone reads)."""
    display = name or user_id.lower()
    return {
        "id": user_id,
        "team_id": TEAM_ID,
        "name": display.replace(" ", ".").lower(),
        "deleted": False,
        "real_name": display,
        "tz": tz,
        "tz_label": tz,
        "tz_offset": 0,
        "profile": {"display_name": display, "real_name": display},
        "is_admin": False,
        "is_owner": False,
        "is_bot": False,
        **extra,
    }


class FakeSlack:
    """The Slack Web API on 127.0.0.1, with recording, limits and injected failures."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, str] = {BOT_TOKEN: TEAM_ID}  # token -> team id
        self.expired_hooks: set[str] = set()  # response_url names past their 30 minutes
        self.conversations: dict[str, Conversation] = {}
        self._mpims: dict[tuple[str, ...], str] = {}  # the same people get the same group DM
        self._last_ts = 0.0
        self._sockets: list[web.WebSocketResponse] = []
        self._connected = asyncio.Event()
        self._failures: dict[str, list[_Failure]] = {}
        self._limits: dict[str, _Limit] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.root = ""
        # files.getUploadURLExternal -> upload URL -> files.completeUploadExternal, by id.
        self.files: dict[str, UploadedFile] = {}
        self.direct_files: dict[str, list[dict[str, Any]]] = {}  # DM id -> file shares

    # --- lifecycle ---

    async def start(self) -> FakeSlack:
        """Listen on a free local port."""
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{name}", self._hook)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.root = f"http://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        """Stop listening."""
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeSlack:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def api_url(self) -> str:
        """The base URL to give slack_sdk (`SLACK_API_URL`)."""
        return f"{self.root}/api/"

    def response_url(self, name: str = "") -> str:
        """A response_url that records what the app posts to it."""
        return f"{self.root}/hooks/{name or next(self._ids)}"

    # --- configuring ---

    def add_user(self, user_id: str, **profile: Any) -> dict[str, Any]:
        """Make a member known (users.info, DMs)."""
        self.users[user_id] = user_profile(user_id, **profile)
        return self.users[user_id]

    def add_channel(
        self,
        channel_id: str,
        *,
        private: bool = False,
        members: tuple[str, ...] = (),
        bot_member: bool = True,
        archived: bool = False,
    ) -> Conversation:
        """Make a channel known; the bot is in it unless `bot_member` is False."""
        people = set(members) | ({BOT_USER_ID} if bot_member else set())
        kind = "group" if private else "channel"
        conversation = Conversation(channel_id, kind, people, archived)
        self.conversations[channel_id] = conversation
        return conversation

    def user_reply(
        self, channel: str, thread_ts: str, user: str, text: str, **extra: Any
    ) -> dict[str, Any]:
        """`user` replies in a thread (as a person does in Slack); the `message` event."""
        conversation = self.conversations[channel]
        parent = conversation.find(thread_ts)
        assert parent is not None, f"no message {thread_ts} in {channel}"
        ts = self._ts()
        message = {
            "type": "message",
            "user": user,
            "text": text,
            "ts": ts,
            "thread_ts": thread_ts,
            "parent_user_id": parent.get("user"),
            "team": TEAM_ID,
            **extra,
        }
        self._store(conversation, message)
        return {**message, "channel": channel, "channel_type": conversation.kind, "event_ts": ts}

    def user_dm(self, user: str, text: str, **extra: Any) -> dict[str, Any]:
        """`user` writes in their DM with the app (Messages tab); the `message.im` event."""
        channel = self._dm_channel(user)
        assert isinstance(channel, str), f"no DM with {user}"
        ts = self._ts()
        return {
            "type": "message",
            "channel": channel,
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "team": TEAM_ID,
            **extra,
        }

    def dms_to(self, user: str) -> list[dict[str, Any]]:
        """What the app posted in its DM with `user`, oldest first (chat.postMessage params)."""
        channel = self._dm_channel(user)
        return [
            call.params
            for call in self.calls_to("chat.postMessage")
            if call.params.get("channel") in (user, channel)
        ]

    def thread(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """A thread as kept here: the parent, then its replies."""
        return self.conversations[channel].thread(ts)

    def fail(
        self,
        method: str,
        error: str,
        *,
        status: int = 200,
        times: int = 1,
        headers: dict[str, str] | None = None,
        after: int = 0,
    ) -> None:
        """Answer `times` calls of `method` with an error, after letting `after` through."""
        failure = _Failure(error, status, times, headers or {}, after)
        self._failures.setdefault(method, []).append(failure)

    def rate_limit(
        self, method: str, *, per_second: float, burst: float = 1, key: str = "channel"
    ) -> None:
        """Answer 429 + Retry-After past `per_second` calls (per `channel`, or per `team`)."""
        self._limits[method] = _Limit(per_second, burst, key)

    # --- inspecting ---

    def calls_to(self, method: str) -> list[Call]:
        """The recorded calls of one method, oldest first."""
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        """Wait until `method` was called `count` times; return those calls."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)
        return self.calls_to(method)

    async def quiet(self, settle: float = 0.25, within: float = 5.0) -> None:
        """Wait until no call has arrived for `settle` seconds (the app finished answering)."""
        async with asyncio.timeout(within):
            while True:
                seen = len(self.calls)
                await asyncio.sleep(settle)
                if len(self.calls) == seen:
                    return

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # --- HTTP handlers ---

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        body = await request.read()
        if body:
            if request.content_type == "application/json":
                params.update(json.loads(body))
            else:
                params.update(parse_qsl(body.decode()))
        for key in ("blocks", "view", "files"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        await self._record(Call(method, params, token, request.path))
        failures = self._failures.get(method)
        if failures and failures[0].after > 0:
            failures[0].after -= 1
        elif failures:
            failure = failures[0]
            failure.times -= 1
            if failure.times <= 0:
                failures.pop(0)
            body = {"ok": False, "error": failure.error}
            return web.json_response(body, status=failure.status, headers=failure.headers)
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_access(request, params))
        if method == "apps.connections.open":
            if token != APP_TOKEN:
                return web.json_response({"ok": False, "error": "invalid_auth"})
            return web.json_response(
                {"ok": True, "url": self.root.replace("http", "ws") + "/socket"}
            )
        if not token:
            return web.json_response({"ok": False, "error": "not_authed"})
        team = self.tokens.get(token)
        if team is None:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        limit = self._limits.get(method)
        if limit is not None:
            key = team if limit.key == "team" else f"{team}/{params.get('channel', '')}"
            wait = limit.take(key)
            if wait > 0:
                return web.json_response(
                    {"ok": False, "error": "ratelimited"},
                    status=429,
                    headers={"Retry-After": str(max(1, math.ceil(wait)))},
                )
        handler: Callable[[dict[str, Any], str], dict[str, Any]] | None = getattr(
            self, "_m_" + method.replace(".", "_"), None
        )
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(
            handler(params, team),
            headers={"x-oauth-scopes": SCOPES},
        )

    async def _hook(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        await self._record(Call("response_url", params, None, request.path))
        if request.match_info["name"] in self.expired_hooks:
            return web.Response(status=404, text="expired_url")
        problems = validate_message(params)
        if problems:
            return web.Response(status=400, text="invalid_blocks: " + "; ".join(problems))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, then record every acknowledgement the app sends."""
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._sockets.append(socket)
        self._connected.set()
        hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": APP_ID}}
        await socket.send_json(hello)
        async for message in socket:
            if message.type == web.WSMsgType.TEXT:
                await self._record(Call("socket_ack", json.loads(message.data), None, "/socket"))
        return socket

    async def socket_send(self, envelope: dict[str, Any], within: float = 5.0) -> None:
        """Push a Socket Mode envelope to the connected app (waiting for it to connect)."""
        async with asyncio.timeout(within):
            await self._connected.wait()
        await self._sockets[-1].send_json(envelope)

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL: raw bytes or a multipart `file` field, as files.slack.com takes."""
        if request.content_type == "multipart/form-data":
            form = await request.post()
            field_ = form.get("file") or form.get("filename")
            body = field_.file.read() if isinstance(field_, web.FileField) else b""
        else:
            body = await request.read()
        await self._record(Call("upload", {"bytes": body}, None, request.path))
        upload = self.files.get(request.match_info["file_id"])
        if upload is None or upload.completed:
            return web.Response(status=404, text="upload_not_found")
        upload.data = body
        return web.Response(text=f"OK - {len(body)}")

    # --- methods (named _m_<method with dots as underscores>) ---

    def _ts(self) -> str:
        # Unique and increasing, as Slack's are within a channel: a thread is its parent's ts.
        self._last_ts = max(time.time(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"

    def _m_auth_revoke(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        for token, owner in list(self.tokens.items()):
            if owner == team and token.startswith("xoxb-installed-"):
                del self.tokens[token]
        return {"ok": True, "revoked": True}

    def _m_auth_test(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake-workspace.slack.com/",
            "team": "Fake Workspace",
            "user": "prepbot",
            "team_id": team,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _dm_channel(self, channel: str) -> str | dict[str, Any]:
        if channel[:1] in ("U", "W"):
            user = self.users.get(channel)
            if user is None:
                return {"ok": False, "error": "channel_not_found"}
            if user.get("deleted"):
                return {"ok": False, "error": "user_not_found"}
            return "D" + channel[1:]
        if channel[:1] == "D":
            return channel
        # A channel or group DM the fake was not told about does not exist.
        return {"ok": False, "error": "channel_not_found"}

    def _refused(self, conversation: Conversation | None, *, reading: bool = False) -> str | None:
        """Why the bot cannot post in (or read) a conversation, as Slack's error code."""
        if conversation is None:
            return "channel_not_found"
        if BOT_USER_ID not in conversation.members:
            # A private channel is invisible to a bot outside it.
            return "channel_not_found" if conversation.kind == "group" else "not_in_channel"
        if conversation.archived and not reading:
            return "is_archived"
        return None

    def _store(self, conversation: Conversation, message: dict[str, Any]) -> None:
        """Keep a message; a reply also updates its parent's thread fields."""
        thread_ts = message.get("thread_ts")
        parent = conversation.find(str(thread_ts)) if thread_ts else None
        if thread_ts and parent is None:
            message.pop("thread_ts")  # Slack posts it at the top level
        elif parent is not None:
            parent["thread_ts"] = parent["ts"]
            parent["reply_count"] = parent.get("reply_count", 0) + 1
            parent["reply_users"] = sorted({*parent.get("reply_users", []), message["user"]})
            parent["latest_reply"] = message["ts"]
        conversation.messages.append(message)

    def _m_chat_postMessage(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        target = str(params.get("channel") or "")
        conversation = self.conversations.get(target)
        if conversation is not None or target[:1] in ("C", "G"):
            refused = self._refused(conversation)
            if refused is not None:
                return {"ok": False, "error": refused}
            channel: str | dict[str, Any] = target
        else:
            channel = self._dm_channel(target)
            if isinstance(channel, dict):
                return channel
        if not params.get("text") and not params.get("blocks"):
            return {"ok": False, "error": "no_text"}
        if len(params.get("text") or "") > MESSAGE_TEXT:
            return {"ok": False, "error": "msg_too_long"}
        problems = validate_blocks(params.get("blocks") or [], max_blocks=MAX_BLOCKS)
        if problems:
            return invalid_blocks(problems)
        ts = self._ts()
        message = {
            "type": "message",
            "subtype": "bot_message",
            "text": params.get("text", ""),
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": team,
            "ts": ts,
            "blocks": params.get("blocks") or [],
        }
        if params.get("thread_ts"):
            message["thread_ts"] = str(params["thread_ts"])
        if conversation is not None:
            self._store(conversation, message)
        return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}

    def _m_conversations_open(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        users = [u.strip() for u in str(params.get("users") or "").split(",") if u.strip()]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) > MAX_GROUP_DM:
            return {"ok": False, "error": "too_many_users"}
        for user_id in users:
            user = self.users.get(user_id)
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            if user.get("deleted"):
                return {"ok": False, "error": "user_disabled"}
        if len(users) == 1:
            return {"ok": True, "channel": {"id": "D" + users[0][1:]}}
        key = tuple(sorted(users))
        if key in self._mpims:
            found = self.conversations[self._mpims[key]].info()
            return {"ok": True, "no_op": True, "already_open": True, "channel": found}
        channel_id = self._mpims[key] = f"G{next(self._ids):08d}"
        conversation = Conversation(channel_id, "mpim", {*users, BOT_USER_ID})
        self.conversations[channel_id] = conversation
        return {"ok": True, "channel": conversation.info()}

    def _m_conversations_join(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        conversation = self.conversations.get(str(params.get("channel") or ""))
        refused = self._refused(conversation)
        if conversation is None or refused == "channel_not_found":
            return {"ok": False, "error": "channel_not_found"}
        if conversation.kind != "channel":
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        if conversation.archived:
            return {"ok": False, "error": "is_archived"}
        if BOT_USER_ID in conversation.members:
            warning = "already_in_channel"
            metadata = {"warnings": [warning]}
            answer = {"ok": True, "channel": conversation.info(), "warning": warning}
            return {**answer, "response_metadata": metadata}
        conversation.members.add(BOT_USER_ID)
        return {"ok": True, "channel": conversation.info()}

    def _m_conversations_replies(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        conversation = self.conversations.get(str(params.get("channel") or ""))
        refused = self._refused(conversation, reading=True)
        if conversation is None or refused is not None:
            return {"ok": False, "error": refused or "channel_not_found"}
        thread = conversation.thread(str(params.get("ts") or ""))
        if not thread:
            return {"ok": False, "error": "thread_not_found"}
        parent, replies = thread[0], thread[1:]
        start = 0
        if params.get("cursor"):
            after = _cursor_ts(str(params["cursor"]))
            if after is None:
                return {"ok": False, "error": "invalid_cursor"}
            start = next((i for i, m in enumerate(replies) if m["ts"] >= after), len(replies))
        # Like Slack, every page starts with the parent and counts it against `limit`.
        limit = min(max(int(params.get("limit") or 1000), 1), 1000)
        page = replies[start : start + max(limit - 1, 1)]
        rest = replies[start + len(page) :]
        return {
            "ok": True,
            "messages": [parent, *page],
            "has_more": bool(rest),
            "response_metadata": {"next_cursor": _cursor(rest[0]["ts"]) if rest else ""},
        }

    def _m_users_info(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        user = self.users.get(str(params.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        if str(params.get("include_locale")).lower() not in ("true", "1"):
            # Slack sends `locale` only when asked for it.
            user = {key: value for key, value in user.items() if key != "locale"}
        return {"ok": True, "user": user}

    def _view(self, view: dict[str, Any], team: str, max_blocks: int) -> dict[str, Any]:
        problems = validate_blocks(view.get("blocks") or [], max_blocks=max_blocks)
        if problems:
            return invalid_blocks(problems)
        view_id = f"V{next(self._ids):08d}"
        return {
            "ok": True,
            "view": {
                "id": view_id,
                "team_id": team,
                "app_id": APP_ID,
                "bot_id": BOT_ID,
                "state": {"values": {}},
                "hash": f"{time.time():.0f}.abc",
                "root_view_id": view_id,
                "previous_view_id": None,
                **view,
            },
        }

    def _m_views_open(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_arguments"}
        return self._view(params.get("view") or {}, team, VIEW_MAX_BLOCKS)

    def _m_views_publish(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        if str(params.get("user_id")) not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return self._view(params.get("view") or {}, team, VIEW_MAX_BLOCKS)

    def _m_files_getUploadURLExternal(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        filename = str(params.get("filename") or "")
        length = str(params.get("length") or "")
        if not filename or not length.isdigit() or int(length) < 1:
            # Slack names what is missing: `filename` and `length` (bytes, at least 1).
            return {"ok": False, "error": "invalid_arguments"}
        if int(length) > UPLOAD_MAX_BYTES:
            return {"ok": False, "error": "file_upload_size_restricted"}
        file_id = f"F{next(self._ids):010d}"
        self.files[file_id] = UploadedFile(file_id, filename, int(length), team)
        return {"ok": True, "upload_url": f"{self.root}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, params: dict[str, Any], team: str) -> dict[str, Any]:
        files = params.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        uploads = []
        for entry in files:
            upload = self.files.get(str(entry.get("id"))) if isinstance(entry, dict) else None
            # Unknown, another team's, already shared, or bytes never sent to the URL.
            if upload is None or upload.team != team or upload.completed or upload.data is None:
                return {"ok": False, "error": "file_not_found"}
            if len(upload.data) != upload.length:
                return {"ok": False, "error": "file_upload_size_mismatch"}
            uploads.append((upload, entry))
        channel_id = str(params.get("channel_id") or "")
        conversation: Conversation | None = None
        if channel_id:
            conversation = self.conversations.get(channel_id)
            if conversation is None and channel_id[:1] != "D":
                return {"ok": False, "error": "channel_not_found"}
            if conversation is not None and (refused := self._refused(conversation)):
                return {"ok": False, "error": refused}
        shared = []
        for upload, entry in uploads:
            upload.completed = True
            upload.title = str(entry.get("title") or upload.filename)
            upload.channel = channel_id or None
            upload.initial_comment = params.get("initial_comment")
            shared.append({"id": upload.id, "title": upload.title})
        if channel_id:
            # The share shows up in the conversation as a message carrying the files.
            message = {
                "type": "message",
                "text": str(params.get("initial_comment") or ""),
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "ts": self._ts(),
                "upload": True,
                "files": [upload.info() for upload, _ in uploads],
            }
            if params.get("thread_ts"):
                message["thread_ts"] = str(params["thread_ts"])
            if conversation is not None:
                self._store(conversation, message)
            else:
                self.direct_files.setdefault(channel_id, []).append(message)
        # As Slack answers: the ids and titles (the share itself completes asynchronously).
        return {"ok": True, "files": shared}

    def _oauth_access(self, request: web.Request, params: dict[str, Any]) -> dict[str, Any]:
        client_id, secret = params.get("client_id"), params.get("client_secret")
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return {"ok": False, "error": "invalid_client_id"}
        code = str(params.get("code") or "")
        if not code.startswith("code-"):
            return {"ok": False, "error": "invalid_code"}
        # Tests name the workspace in the code, and its Grid organisation after an @.
        team, _, enterprise = code.removeprefix("code-").partition("@")
        token = f"xoxb-installed-{team}"
        self.tokens[token] = team
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": SCOPES,
            "bot_user_id": BOT_USER_ID,
            "app_id": APP_ID,
            "team": {"name": f"Workspace {team}", "id": team},
            "enterprise": {"name": f"Org {enterprise}", "id": enterprise} if enterprise else None,
            "is_enterprise_install": False,
            "authed_user": {"id": "U0INSTALLER"},
        }


# --- Block Kit checks (design.md's limits; Slack answers invalid_blocks) ---


def invalid_blocks(problems: list[str]) -> dict[str, Any]:
    """Slack's answer to blocks it refuses."""
    return {
        "ok": False,
        "error": "invalid_blocks",
        "errors": problems,
        "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]},
    }


def _text_problems(where: str, obj: Any, limit: int, *, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"{where}: not a text object"]
    if plain_only and obj["type"] != "plain_text":
        return [f"{where}: must be plain_text"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"{where}: empty text"]
    if len(text) > limit:
        return [f"{where}: {len(text)} > {limit} characters"]
    return []


def _rich_problems(where: str, elements: Any) -> list[str]:
    problems: list[str] = []
    if not isinstance(elements, list) or not elements:
        return [f"{where}: no elements"]
    for element in elements:
        kind = element.get("type")
        if kind in ("rich_text_section", "rich_text_quote", "rich_text_preformatted"):
            for part in element.get("elements") or []:
                if part.get("type") == "text" and not part.get("text"):
                    problems.append(f"{where}: empty text element")
                elif part.get("type") not in ("text", "emoji", "link", "user", "channel"):
                    problems.append(f"{where}: unknown rich text element {part.get('type')}")
        elif kind == "rich_text_list":
            if element.get("style") not in ("bullet", "ordered"):
                problems.append(f"{where}: bad list style")
            problems += _rich_problems(where, element.get("elements"))
        else:
            problems.append(f"{where}: unknown rich text element {kind}")
    return problems


def validate_blocks(blocks: list[dict[str, Any]], *, max_blocks: int = MAX_BLOCKS) -> list[str]:
    """What Slack would refuse in these blocks."""
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks > {max_blocks}")
    action_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where, kind = f"blocks[{i}]", block.get("type")
        if kind == "header":
            problems += _text_problems(where, block.get("text"), 150, plain_only=True)
        elif kind == "section":
            if "text" in block:
                problems += _text_problems(where, block["text"], 3000)
            fields = block.get("fields") or []
            if len(fields) > 10:
                problems.append(f"{where}: {len(fields)} fields > 10")
            for j, item in enumerate(fields):
                problems += _text_problems(f"{where}.fields[{j}]", item, 2000)
            if "text" not in block and not fields:
                problems.append(f"{where}: section without text or fields")
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                problems.append(f"{where}: {len(elements)} context elements")
            for j, item in enumerate(elements):
                problems += _text_problems(f"{where}.elements[{j}]", item, 2000)
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 25:
                problems.append(f"{where}: {len(elements)} actions")
            for j, button in enumerate(elements):
                at = f"{where}.elements[{j}]"
                problems += _text_problems(at, button.get("text"), 75, plain_only=True)
                action_id = str(button.get("action_id") or "")
                if not action_id or len(action_id) > 255 or action_id in action_ids:
                    problems.append(f"{at}: bad or repeated action_id {action_id!r}")
                action_ids.add(action_id)
                if len(str(button.get("value") or "")) > 2000:
                    problems.append(f"{at}: value over 2000 characters")
                if len(str(button.get("url") or "")) > 3000:
                    problems.append(f"{at}: url over 3000 characters")
        elif kind == "rich_text":
            problems += _rich_problems(where, block.get("elements"))
        elif kind == "input":
            problems += _text_problems(where, block.get("label"), 2000, plain_only=True)
        elif kind != "divider":
            problems.append(f"{where}: unknown block type {kind}")
    return problems


def validate_message(params: dict[str, Any]) -> list[str]:
    """What Slack would refuse in a message posted to a response_url."""
    problems = validate_blocks(params.get("blocks") or [])
    if len(params.get("text") or "") > MESSAGE_TEXT:
        problems.append("text over 4000 characters")
    return problems


# --- what Slack sends to the app ---


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Headers of a request signed the way Slack signs (v0, HMAC-SHA256)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def slash_command_fields(
    text: str,
    *,
    user_id: str,
    response_url: str,
    channel_id: str = "C0GENERAL",
    team_id: str = TEAM_ID,
) -> dict[str, str]:
    """The fields of `/prep <text>` (text escaped the way Slack escapes it)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {
        "token": "deprecated-verification-token",
        "team_id": team_id,
        "team_domain": "fake-workspace",
        "channel_id": channel_id,
        "channel_name": "general",
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": "/prep",
        "text": escaped,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{int(time.time())}.1.trigger",
    }


def slash_command(
    text: str,
    *,
    user_id: str,
    response_url: str,
    channel_id: str = "C0GENERAL",
    team_id: str = TEAM_ID,
) -> str:
    """The form body of `/prep <text>`, as Slack POSTs it over HTTP."""
    return urlencode(
        slash_command_fields(
            text, user_id=user_id, response_url=response_url, channel_id=channel_id, team_id=team_id
        )
    )


def interaction(payload: dict[str, Any]) -> str:
    """The form body of an interactivity request (`payload=<json>`)."""
    return urlencode({"payload": json.dumps(payload)})


def block_actions(
    button: dict[str, Any],
    *,
    user_id: str,
    response_url: str | None,
    container: dict[str, Any],
    channel_id: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A `block_actions` payload for pressing `button` (as rendered by the app)."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {
            "id": user_id,
            "username": user_id.lower(),
            "name": user_id.lower(),
            "team_id": team_id,
        },
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "container": container,
        "trigger_id": f"{int(time.time())}.2.trigger",
        "team": {"id": team_id, "domain": "fake-workspace"},
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "block_id": "blk",
                "text": button["text"],
                "value": button.get("value"),
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    if channel_id is not None:
        payload["channel"] = {
            "id": channel_id,
            "name": "directmessage" if channel_id.startswith("D") else "general",
        }
    if response_url is not None:
        payload["response_url"] = response_url
    return payload


def view_submission(
    view: dict[str, Any], values: dict[str, Any], *, user_id: str, team_id: str = TEAM_ID
) -> dict[str, Any]:
    """A `view_submission` payload for the modal `view` filled in with `values`."""
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "fake-workspace"},
        "user": {
            "id": user_id,
            "username": user_id.lower(),
            "name": user_id.lower(),
            "team_id": team_id,
        },
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "trigger_id": f"{int(time.time())}.3.trigger",
        "view": {**view, "id": "V0MODAL", "team_id": team_id, "state": {"values": values}},
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def event_callback(event: dict[str, Any], *, team_id: str = TEAM_ID) -> str:
    """The JSON body of an Events API delivery."""
    return json.dumps(
        {
            "token": "deprecated-verification-token",
            "team_id": team_id,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{int(time.time() * 1000)}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}],
        }
    )
