"""A fake Discord REST API on localhost that answers the way Discord does.

discord.py's own HTTP layer talks to it (`Route.BASE` points here), so tests exercise
the real request building, rate-limit handling and error classes. It speaks Discord's
JSON shapes (users, DM channels, server text channels, public and private threads and
their members, messages and message history, interaction callbacks, application
commands) and error codes (50007, 40003, 50035, 40060, 50001, 50013, 10003, 10007,
10008, 160004, 429 with `Via`), validates messages and
command trees against Discord's documented limits, dedupes on `nonce` +
`enforce_nonce`, counts invalid requests (Discord bans an IP after 10,000 in 10
minutes) and enforces a global requests-per-second limit like Discord's.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import mimetypes
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from tests.fakes.platform_specs import discord_body_problems, warm_up

API_PREFIX = "/api/v10"
TOKEN = "fake-discord-token"
DISCORD_EPOCH_MS = 1_420_070_400_000
EPHEMERAL = 1 << 6
HAS_THREAD = 1 << 5  # message flag: a thread was started from this message
PUBLIC_THREAD, PRIVATE_THREAD = 11, 12
ARCHIVE_DURATIONS = (60, 1440, 4320, 10080)
INVALID_STATUSES = {401, 403, 429}  # what Discord counts toward its IP ban
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024  # a guild without boosts: 10 MiB per file

_counter = 0


def snowflake() -> int:
    """A new id shaped like Discord's (milliseconds since 2015 << 22, then a counter)."""
    global _counter
    _counter = (_counter + 1) % 4096
    return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | _counter


def user_payload(user_id: int, username: str = "member", *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    data: dict[str, Any] = {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": username.title(),
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
    }
    if bot:
        data["bot"] = True
    return data


def error_body(code: int, message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    """Discord's JSON error shape."""
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    return body


# --- Discord's rules for messages and commands (design.md, "Platform limits") ---


def message_problems(payload: dict[str, Any], *, has_files: bool = False) -> list[str]:
    """Why Discord would reject this message body with 50035 (empty list: it is fine)."""
    problems: list[str] = []
    content = payload.get("content") or ""
    embeds = payload.get("embeds") or []
    rows = payload.get("components") or []
    if len(content) > 2000:
        problems.append("content: must be 2000 or fewer in length")
    if len(embeds) > 10:
        problems.append("embeds: must be 10 or fewer in length")
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in (("title", 256), ("description", 4096)):
            if len(embed.get(key) or "") > limit:
                problems.append(f"embeds.{i}.{key}: must be {limit} or fewer in length")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append(f"embeds.{i}.fields: must be 25 or fewer in length")
        for j, f in enumerate(fields):
            if not f.get("name") or len(f["name"]) > 256:
                problems.append(f"embeds.{i}.fields.{j}.name: 1 to 256 characters")
            if not f.get("value") or len(f["value"]) > 1024:
                problems.append(f"embeds.{i}.fields.{j}.value: 1 to 1024 characters")
        footer = (embed.get("footer") or {}).get("text") or ""
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += sum(len(f.get("name", "")) + len(f.get("value", "")) for f in fields)
        total += len(footer) + len((embed.get("author") or {}).get("name") or "")
    if total > 6000:
        problems.append("embeds: the total of all embeds must be 6000 or fewer characters")
    if len(rows) > 5:
        problems.append("components: must be 5 or fewer in length")
    ids: list[str] = []
    for i, row in enumerate(rows):
        buttons = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(buttons) <= 5:
            problems.append(f"components.{i}: an action row holds 1 to 5 buttons")
        for j, button in enumerate(buttons):
            custom_id = button.get("custom_id")
            if button.get("style") != 5 and (not custom_id or len(custom_id) > 100):
                problems.append(f"components.{i}.components.{j}.custom_id: 1 to 100 characters")
            if button.get("style") == 5:  # a link: a url, no custom id (MessageCreateRequest)
                url = str(button.get("url") or "")
                if custom_id or not 1 <= len(url) <= 512:
                    problems.append(f"components.{i}.components.{j}.url: 1 to 512 characters")
            if len(button.get("label") or "") > 80:
                problems.append(f"components.{i}.components.{j}.label: 80 or fewer characters")
            if custom_id:
                ids.append(custom_id)
    if len(ids) != len(set(ids)):
        problems.append("components: custom ids must be unique")
    if not (content or embeds or rows or has_files):
        problems.append("Cannot send an empty message")
    return problems


def _name_ok(name: Any) -> bool:
    # ^[-_\p{L}\p{N}]{1,32}$, lower case where the letter has a lower case.
    return (
        isinstance(name, str)
        and 1 <= len(name) <= 32
        and all(ch.isalnum() or ch in "-_" for ch in name)
        and name == name.lower()
    )


def _command_size(node: dict[str, Any]) -> int:
    size = len(node.get("name", "")) + len(node.get("description", ""))
    for choice in node.get("choices") or []:
        size += len(choice.get("name", "")) + len(str(choice.get("value", "")))
    return size + sum(_command_size(option) for option in node.get("options") or [])


def _option_problems(options: list[dict[str, Any]], where: str, depth: int) -> list[str]:
    problems: list[str] = []
    if len(options) > 25:
        problems.append(f"{where}.options: must be 25 or fewer in length")
    names = [o.get("name") for o in options]
    if len(names) != len(set(names)):
        problems.append(f"{where}.options: names must be unique")
    seen_optional = False
    for option in options:
        here = f"{where}.{option.get('name')}"
        kind = option.get("type")
        if not _name_ok(option.get("name")):
            problems.append(f"{here}: invalid name")
        if not 1 <= len(option.get("description") or "") <= 100:
            problems.append(f"{here}: description must be 1 to 100 characters")
        if kind not in range(1, 12):
            problems.append(f"{here}: unknown option type {kind}")
        if kind in (1, 2):
            allowed = (1,) if kind == 2 else ()
            children = option.get("options") or []
            if depth >= 2 or any(
                c.get("type") in (1, 2) and c.get("type") not in allowed for c in children
            ):
                problems.append(f"{here}: subcommands nest at most one group deep")
            problems += _option_problems(children, here, depth + 1)
            continue
        if option.get("required"):
            if seen_optional:
                problems.append(f"{here}: required options must come before optional ones")
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            problems.append(f"{here}.choices: must be 25 or fewer in length")
        if choices and option.get("autocomplete"):
            problems.append(f"{here}: autocomplete cannot be used with choices")
        for choice in choices:
            value = choice.get("value")
            if not 1 <= len(choice.get("name") or "") <= 100:
                problems.append(f"{here}.choices: names must be 1 to 100 characters")
            if isinstance(value, str) and not 1 <= len(value) <= 100:
                problems.append(f"{here}.choices: string values must be 1 to 100 characters")
        for key in ("min_length", "max_length"):
            if key in option and not 0 <= option[key] <= 6000:
                problems.append(f"{here}.{key}: must be between 0 and 6000")
    return problems


def command_problems(command: dict[str, Any]) -> list[str]:
    """Why Discord would reject this application command (empty list: it is fine)."""
    name = command.get("name")
    problems = [] if _name_ok(name) else [f"{name!r}: invalid command name"]
    if command.get("type", 1) == 1 and not 1 <= len(command.get("description") or "") <= 100:
        problems.append(f"{name}: description must be 1 to 100 characters")
    problems += _option_problems(command.get("options") or [], str(name), 1)
    if _command_size(command) > 4000:
        problems.append(f"{name}: name, descriptions and choices exceed 4000 characters")
    return problems


# --- the server ---


@dataclass
class Request:
    """One request the fake received."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any
    files: list[tuple[str, bytes]]
    headers: dict[str, str]
    status: int = 0
    file_ids: list[int] = field(default_factory=list)  # the N of each `files[N]` part


_RECORD = web.RequestKey("record", Request)


@dataclass
class _Failure:
    pattern: re.Pattern[str]
    times: int
    status: int
    body: dict[str, Any]


@dataclass
class _Throttle:
    pattern: re.Pattern[str]
    times: int
    retry_after: float
    is_global: bool


@dataclass
class FakeDiscordAPI:
    """Discord's REST API for one bot; program failures, then read `requests`."""

    token: str = TOKEN
    application_id: int = field(default_factory=snowflake)
    bot_user_id: int = field(default_factory=snowflake)
    global_limit: int = 50  # requests per second per bot, as on Discord
    requests: list[Request] = field(default_factory=list)
    closed_dms: set[int] = field(default_factory=set)  # their DMs answer 50007
    refuse_dm_open: dict[int, int] = field(default_factory=dict)  # user -> error code
    messages: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    commands: dict[int | None, list[dict[str, Any]]] = field(default_factory=dict)
    channels: dict[int, dict[str, Any]] = field(default_factory=dict)  # text channels, threads
    thread_members: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    revoked: dict[int, int] = field(default_factory=dict)  # channel -> 50001 or 50013
    departed: set[int] = field(default_factory=set)  # users who left the server
    message_content_intent: bool = False  # without it, others' text reads as ""
    manages_threads: bool = False  # the bot's role has Manage Threads
    invalid_requests: int = 0
    # Bodies Discord's published OpenAPI schema refuses (answered 400, code 50035).
    schema_problems: list[str] = field(default_factory=list)
    global_429s: int = 0

    def __post_init__(self) -> None:
        self._dm_channels: dict[int, int] = {}  # user -> channel
        self._dm_users: dict[int, int] = {}  # channel -> user
        self._nonces: dict[tuple[int, str], dict[str, Any]] = {}
        self._answered: set[str] = set()
        self._throttles: list[_Throttle] = []
        self._failures: list[_Failure] = []
        self._recent: deque[float] = deque()
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> str:
        """Serve on a free localhost port; returns the base URL for `Route.BASE`."""
        warm_up()
        app = web.Application(middlewares=[self._middleware])
        app.router.add_route("*", "/{tail:.*}", self._route)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}{API_PREFIX}"
        return self.base_url

    async def close(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()

    # --- programming and reading ---

    def throttle(
        self, pattern: str, *, times: int = 1, retry_after: float = 0.05, is_global: bool = False
    ) -> None:
        """Answer the next `times` requests matching `METHOD /path` regex with a 429."""
        self._throttles.append(_Throttle(re.compile(pattern), times, retry_after, is_global))

    def fail(
        self, pattern: str, status: int, code: int, message: str = "Failed", *, times: int = 1
    ) -> None:
        """Answer the next `times` requests matching `METHOD /path` with an error."""
        self._failures.append(
            _Failure(re.compile(pattern), times, status, error_body(code, message))
        )

    def sent(self, method: str, path_pattern: str) -> list[Request]:
        """Requests whose method and path (regex, full match) match."""
        regex = re.compile(path_pattern)
        return [r for r in self.requests if r.method == method and regex.fullmatch(r.path)]

    def dm_channel_of(self, user_id: int) -> int | None:
        """The DM channel opened with a user, if any."""
        return self._dm_channels.get(user_id)

    def add_text_channel(
        self, guild_id: int, channel_id: int | None = None, name: str = "interview-prep"
    ) -> int:
        """A server text channel the bot can post in; returns its id."""
        channel_id = channel_id or snowflake()
        self.channels[channel_id] = {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(guild_id),
            "name": name,
            "position": len(self.channels),
            "permission_overwrites": [],
            "parent_id": None,
            "nsfw": False,
            "topic": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }
        self.messages[channel_id] = []
        return channel_id

    def threads_of(self, parent_id: int) -> list[dict[str, Any]]:
        """The threads started in a channel, oldest first."""
        return [c for c in self.channels.values() if c.get("parent_id") == str(parent_id)]

    def member_writes(
        self, channel_id: int, user_id: int, content: str = "", *, username: str = "member"
    ) -> dict[str, Any]:
        """A member posts in a channel or thread (as their client would); returns it."""
        message = self._message(channel_id, {"content": content}, author=(user_id, username))
        self._store(channel_id, message)
        return message

    def member_starts_thread(self, channel_id: int, user_id: int, name: str) -> dict[str, Any]:
        """A member starts a public thread of their own in a channel; returns it."""
        thread = self._new_thread(
            self.channels[channel_id], snowflake(), PUBLIC_THREAD, {"name": name}
        )
        thread["owner_id"] = str(user_id)
        return thread

    def delete_channel(self, channel_id: int) -> None:
        """A moderator deletes a channel or thread: it answers 10003 from now on."""
        self.channels.pop(channel_id, None)
        self.messages.pop(channel_id, None)

    async def wait_for(self, predicate: Callable[[Request], bool], within: float = 5.0) -> Request:
        """The first (past or future) request matching `predicate`."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            self._changed.clear()  # before scanning, so a request landing now wakes us
            for request in self.requests:
                if predicate(request):
                    return request
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError("no matching request reached the fake Discord API")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    # --- plumbing ---

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body, files, file_ids = await _read_body(request)
        path = request.path.removeprefix(API_PREFIX)
        record = Request(
            request.method, path, dict(request.query), body, files, dict(request.headers)
        )
        record.file_ids = file_ids
        self.requests.append(record)
        request[_RECORD] = record
        response = await handler(request)
        # Checked after the route ran, so the check's time never shifts when the fake's
        # rate limits see a request (timing tests measure those). A refused body is then
        # answered as Discord answers it, and kept for the test to read.
        problems = discord_body_problems(
            request.method, path, body, multipart=request.content_type == "multipart/form-data"
        )
        if problems:
            self.schema_problems.extend(problems)
            response = _json(
                error_body(50035, "Invalid Form Body", {"schema": "; ".join(problems)}),
                status=400,
            )
        record.status = response.status
        if response.status in INVALID_STATUSES:
            self.invalid_requests += 1
        self._changed.set()
        return response

    def _bucket_headers(self, route: str) -> dict[str, str]:
        bucket = hashlib.sha1(re.sub(r"\d{5,}", "{id}", route).encode()).hexdigest()[:16]
        return {
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "4",
            "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
            "X-RateLimit-Reset-After": "1.000",
            "X-RateLimit-Bucket": bucket,
        }

    def _too_many(self, retry_after: float, *, is_global: bool) -> web.Response:
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
        }
        headers = {
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Scope": "global" if is_global else "user",
            "Via": "1.1 google",  # discord.py treats a 429 without it as a Cloudflare ban
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
            self.global_429s += 1
        else:
            headers.update(
                {
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                }
            )
        return _json(body, status=429, headers=headers)

    def _over_global_limit(self) -> float | None:
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.global_limit:
            return 1.0 - (now - self._recent[0])
        self._recent.append(now)
        return None

    async def _route(self, request: web.Request) -> web.StreamResponse:
        record = request[_RECORD]
        route = f"{record.method} {record.path}"
        for throttle in self._throttles:
            if throttle.times > 0 and throttle.pattern.fullmatch(route):
                throttle.times -= 1
                return self._too_many(throttle.retry_after, is_global=throttle.is_global)
        for failure in self._failures:
            if failure.times > 0 and failure.pattern.fullmatch(route):
                failure.times -= 1
                return _json(failure.body, status=failure.status)
        by_token = record.path.startswith(("/interactions/", "/webhooks/"))
        if not by_token:
            if record.headers.get("Authorization") != f"Bot {self.token}":
                return _json(error_body(0, "401: Unauthorized"), status=401)
            wait = self._over_global_limit()
            if wait is not None:
                return self._too_many(round(wait, 3), is_global=True)
        status, payload = self._dispatch(record)
        headers = {} if by_token else self._bucket_headers(route)
        if payload is None:
            return web.Response(status=status, headers=headers)
        return _json(payload, status=status, headers=headers)

    def _dispatch(self, r: Request) -> tuple[int, Any]:
        parts = r.path.strip("/").split("/")
        match (r.method, parts):
            case ("GET", ["users", "@me"]):
                return 200, user_payload(self.bot_user_id, "prepbot", bot=True)
            case ("GET", ["oauth2", "applications", "@me"]):
                return 200, self._app_info()
            case ("POST", ["users", "@me", "channels"]):
                return self._open_dm(int(r.body["recipient_id"]))
            case ("POST", ["channels", channel, "messages"]):
                return self._create_message(int(channel), r)
            case ("GET", ["channels", channel, "messages"]):
                return self._history(int(channel), r.query)
            case ("POST", ["channels", channel, "messages", message, "threads"]):
                return self._thread_from_message(int(channel), int(message), r.body or {})
            case ("POST", ["channels", channel, "threads"]):
                return self._thread_without_message(int(channel), r.body or {})
            case ("PUT", ["channels", thread, "thread-members", user]):
                return self._add_thread_member(int(thread), int(user))
            case ("GET", ["guilds", guild, "threads", "active"]):
                return self._active_threads(guild)
            case ("POST", ["interactions", interaction_id, token, "callback"]):
                return self._callback(interaction_id, token, r)
            case ("POST", ["webhooks", _app, token]):
                return self._followup(token, r)
            case ("PATCH" | "GET", ["webhooks", _app, token, "messages", "@original"]):
                return 200, self._message(
                    0, r.body if isinstance(r.body, dict) else {}, webhook=True
                )
            case ("PUT", ["applications", _app, "commands"]):
                return self._put_commands(None, r.body)
            case ("PUT", ["applications", _app, "guilds", guild, "commands"]):
                return self._put_commands(int(guild), r.body)
        return 404, error_body(0, "404: Not Found")

    def _app_info(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": "prepbot",
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": 0,
            "owner": user_payload(snowflake(), "owner"),
            "team": None,
            "interactions_endpoint_url": None,
            "redirect_uris": [],
        }

    def _open_dm(self, user_id: int) -> tuple[int, Any]:
        code = self.refuse_dm_open.get(user_id)
        if code == 40003:
            return 403, error_body(40003, "You are opening direct messages too rapidly.")
        if code is not None:
            return 400, error_body(code, "Refused")
        channel_id = self._dm_channels.setdefault(user_id, snowflake())
        self._dm_users[channel_id] = user_id
        return 200, {
            "id": str(channel_id),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [user_payload(user_id)],
        }

    def _message(
        self,
        channel_id: int,
        payload: dict[str, Any],
        *,
        webhook: bool = False,
        author: tuple[int, str] | None = None,
        kind: int | None = None,
    ) -> dict[str, Any]:
        """A message object; by the bot unless `author` (id, username) says otherwise."""
        writer = (
            user_payload(*author) if author else user_payload(self.bot_user_id, "prepbot", bot=True)
        )
        message: dict[str, Any] = {
            "id": str(snowflake()),
            "channel_id": str(channel_id),
            "type": kind if kind is not None else (20 if webhook else 0),
            "content": payload.get("content") or "",
            "author": writer,
            "attachments": [],
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "flags": payload.get("flags") or 0,
        }
        if payload.get("nonce") is not None:
            message["nonce"] = payload["nonce"]
        if webhook:
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
        return message

    def _create_message(self, channel_id: int, r: Request) -> tuple[int, Any]:
        body = r.body if isinstance(r.body, dict) else {}
        if channel_id in self._dm_users and self._dm_users[channel_id] in self.closed_dms:
            return 403, error_body(50007, "Cannot send messages to this user")
        if channel_id in self.channels and (refused := self._refused(channel_id)):
            return refused
        if channel_id not in self._dm_users and channel_id not in self.messages:
            return 404, error_body(10003, "Unknown Channel")
        problems = message_problems(body, has_files=bool(r.files))
        problems += attachment_problems(body, r)
        if problems:
            return 400, error_body(50035, "Invalid Form Body", {"_errors": problems})
        nonce = body.get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            return 400, error_body(50035, "Invalid Form Body", {"nonce": "25 or fewer characters"})
        if nonce is not None and body.get("enforce_nonce") and (channel_id, nonce) in self._nonces:
            return 200, self._nonces[(channel_id, nonce)]  # Discord returns the first message
        message = self._message(channel_id, body)
        message["attachments"] = attachment_objects(r)
        self._store(channel_id, message)
        if nonce is not None:
            self._nonces[(channel_id, nonce)] = message
        return 200, message

    # --- server channels and threads ---

    def _store(self, channel_id: int, message: dict[str, Any]) -> None:
        self.messages[channel_id].append(message)
        channel = self.channels.get(channel_id)
        if channel is None:
            return
        channel["last_message_id"] = message["id"]
        if "thread_metadata" in channel:
            channel["message_count"] += 1
            channel["thread_metadata"]["archived"] = False  # a new message unarchives

    def _refused(self, channel_id: int) -> tuple[int, Any] | None:
        """Why the bot may not use this channel or thread (None: it may)."""
        channel = self.channels.get(channel_id)
        if channel is None:
            return 404, error_body(10003, "Unknown Channel")
        parent = int(channel["parent_id"]) if "thread_metadata" in channel else channel_id
        code = self.revoked.get(channel_id) or self.revoked.get(parent)
        if code:
            return 403, error_body(
                code, "Missing Access" if code == 50001 else "Missing Permissions"
            )
        private = channel["type"] == PRIVATE_THREAD
        if private and self.bot_user_id not in self.thread_members[channel_id]:
            return 403, error_body(50001, "Missing Access")
        return None

    def readable(self, message: dict[str, Any]) -> dict[str, Any]:
        """A message as the bot reads it: others' content only with the intent or a mention.

        A DM with the bot always keeps its content: the Message Content intent governs
        server messages only.
        """
        mine = message["author"]["id"] == str(self.bot_user_id)
        mentioned = f"<@{self.bot_user_id}>" in message["content"]
        in_dm = int(message["channel_id"]) in self._dm_users
        if self.message_content_intent or mine or mentioned or in_dm:
            return message
        return {**message, "content": "", "embeds": [], "attachments": [], "components": []}

    def _history(self, channel_id: int, query: dict[str, str]) -> tuple[int, Any]:
        if channel_id in self.channels and (refused := self._refused(channel_id)):
            return refused
        if channel_id not in self.channels and channel_id not in self._dm_users:
            return 404, error_body(10003, "Unknown Channel")
        limit = int(query["limit"]) if query.get("limit", "").isdigit() else 50
        if not 1 <= limit <= 100:
            return 400, error_body(50035, "Invalid Form Body", {"limit": "1 to 100"})
        newest_first = list(reversed(self.messages.get(channel_id, [])))
        ids = [m["id"] for m in newest_first]
        if query.get("before") in ids:
            newest_first = newest_first[ids.index(query["before"]) + 1 :]
        if query.get("after") in ids:
            newest_first = newest_first[: ids.index(query["after"])]
        return 200, [self.readable(m) for m in newest_first[:limit]]

    def _thread_from_message(
        self, channel_id: int, message_id: int, body: dict[str, Any]
    ) -> tuple[int, Any]:
        if refused := self._refused(channel_id):
            return refused
        parent = self.channels[channel_id]
        if parent["type"] not in (0, 5):
            return 400, error_body(50024, "Cannot execute action on this channel type")
        found = [m for m in self.messages[channel_id] if m["id"] == str(message_id)]
        if not found:
            return 404, error_body(10008, "Unknown Message")
        if message_id in self.channels:
            return 400, error_body(160004, "A thread has already been created for this message")
        if problems := _thread_problems(body):
            return 400, error_body(50035, "Invalid Form Body", problems)
        # Discord gives the thread its message's id, and opens it with a starter message.
        thread = self._new_thread(parent, message_id, PUBLIC_THREAD, body)
        found[0]["flags"] |= HAS_THREAD
        found[0]["thread"] = thread
        starter = self._message(message_id, {}, kind=21)
        starter["message_reference"] = {
            "message_id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": parent["guild_id"],
        }
        self.messages[message_id].append(starter)  # not counted in message_count
        return 201, thread

    def _thread_without_message(self, channel_id: int, body: dict[str, Any]) -> tuple[int, Any]:
        if refused := self._refused(channel_id):
            return refused
        parent = self.channels[channel_id]
        if parent["type"] not in (0, 5):
            return 400, error_body(50024, "Cannot execute action on this channel type")
        kind = body.get("type", PRIVATE_THREAD)  # API v10's default
        problems = _thread_problems(body)
        if kind not in (PUBLIC_THREAD, PRIVATE_THREAD):
            problems["type"] = "11 or 12"
        if problems:
            return 400, error_body(50035, "Invalid Form Body", problems)
        return 201, self._new_thread(parent, snowflake(), kind, body)

    def _new_thread(
        self, parent: dict[str, Any], thread_id: int, kind: int, body: dict[str, Any]
    ) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat()
        metadata: dict[str, Any] = {
            "archived": False,
            "auto_archive_duration": body.get("auto_archive_duration") or 4320,
            "archive_timestamp": now,
            "locked": False,
            "create_timestamp": now,
        }
        if kind == PRIVATE_THREAD:
            metadata["invitable"] = bool(body.get("invitable", True))
        thread: dict[str, Any] = {
            "id": str(thread_id),
            "type": kind,
            "guild_id": parent["guild_id"],
            "parent_id": parent["id"],
            "owner_id": str(self.bot_user_id),
            "name": body["name"],
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "rate_limit_per_user": body.get("rate_limit_per_user") or 0,
            "flags": 0,
            "thread_metadata": metadata,
        }
        self.channels[thread_id] = thread
        self.messages[thread_id] = []
        self.thread_members[thread_id].add(self.bot_user_id)  # the creator is a member
        return thread

    def _add_thread_member(self, thread_id: int, user_id: int) -> tuple[int, Any]:
        if refused := self._refused(thread_id):
            return refused
        thread = self.channels[thread_id]
        if "thread_metadata" not in thread:
            return 400, error_body(50024, "Cannot execute action on this channel type")
        if thread["thread_metadata"]["archived"]:
            return 400, error_body(50083, "Thread is archived")
        if user_id in self.departed:
            return 404, error_body(10007, "Unknown Member")
        # `invitable: false`: only moderators (Manage Threads) may add non-moderators.
        if not thread["thread_metadata"].get("invitable", True) and not self.manages_threads:
            return 403, error_body(50013, "Missing Permissions")
        if user_id not in self.thread_members[thread_id]:
            self.thread_members[thread_id].add(user_id)
            thread["member_count"] += 1
            # "prepbot added X to the thread": a system message (RECIPIENT_ADD).
            notice = self._message(thread_id, {}, kind=1)
            notice["mentions"] = [user_payload(user_id)]
            self.messages[thread_id].append(notice)
        return 204, None

    def _active_threads(self, guild_id: str) -> tuple[int, Any]:
        bot = self.bot_user_id
        threads = [
            t
            for t in self.channels.values()
            if "thread_metadata" in t
            and t["guild_id"] == guild_id
            and not t["thread_metadata"]["archived"]
            and (t["type"] == PUBLIC_THREAD or bot in self.thread_members[int(t["id"])])
        ]
        joined = datetime.now(UTC).isoformat()
        members = [
            {"id": t["id"], "user_id": str(bot), "join_timestamp": joined, "flags": 0}
            for t in threads
            if bot in self.thread_members[int(t["id"])]
        ]
        return 200, {"threads": threads, "members": members}

    def _callback(self, interaction_id: str, token: str, r: Request) -> tuple[int, Any]:
        if token in self._answered:
            return 400, error_body(40060, "Interaction has already been acknowledged.")
        body = r.body if isinstance(r.body, dict) else {}
        kind = body.get("type")
        data = body.get("data") or {}
        if kind in (4, 7):
            problems = message_problems(data, has_files=bool(r.files))
            problems += attachment_problems(data, r)
            if problems:
                return 400, error_body(50035, "Invalid Form Body", {"_errors": problems})
        if kind == 9 and not (
            1 <= len(data.get("components") or []) <= 5 and len(data.get("title", "")) <= 45
        ):
            return 400, error_body(50035, "Invalid Form Body", {"data": "bad modal"})
        if kind == 8 and len(data.get("choices") or []) > 25:
            return 400, error_body(50035, "Invalid Form Body", {"choices": "25 or fewer"})
        self._answered.add(token)
        if r.query.get("with_response") not in ("1", "true"):
            return 204, None
        flags = data.get("flags") or 0
        answer: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            },
            "resource": {"type": kind},
        }
        if kind in (4, 5, 7):
            message = self._message(0, data, webhook=True)
            message["attachments"] = attachment_objects(r)
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"]["message"] = message
        return 200, answer

    def _followup(self, token: str, r: Request) -> tuple[int, Any]:
        body = r.body if isinstance(r.body, dict) else {}
        if token not in self._answered:
            return 404, error_body(10015, "Unknown Webhook")
        problems = message_problems(body, has_files=bool(r.files))
        problems += attachment_problems(body, r)
        if problems:
            return 400, error_body(50035, "Invalid Form Body", {"_errors": problems})
        message = self._message(0, body, webhook=True)
        message["attachments"] = attachment_objects(r)
        return (200, message) if r.query.get("wait") in ("1", "true") else (204, None)

    def _put_commands(self, guild_id: int | None, body: Any) -> tuple[int, Any]:
        problems = [p for command in body for p in command_problems(command)]
        if len(body) > 100:
            problems.append("at most 100 global commands")
        if problems:
            return 400, error_body(50035, "Invalid Form Body", {"_errors": problems})
        stored = []
        for command in body:
            saved = {
                **command,
                "id": str(snowflake()),
                "application_id": str(self.application_id),
                "version": str(snowflake()),
                "type": command.get("type", 1),
            }
            if guild_id is not None:
                saved["guild_id"] = str(guild_id)
            stored.append(saved)
        self.commands[guild_id] = stored
        return 200, stored


def _thread_problems(body: dict[str, Any]) -> dict[str, str]:
    problems = {}
    name = body.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        problems["name"] = "1 to 100 characters"
    duration = body.get("auto_archive_duration")
    if duration is not None and duration not in ARCHIVE_DURATIONS:
        problems["auto_archive_duration"] = "60, 1440, 4320 or 10080"
    return problems


def _json(body: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly `application/json`, no charset: discord.py only parses that content type.
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


_FILE_FIELD = re.compile(r"files\[(\d+)\]")


async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]], list[int]]:
    """JSON, or multipart with `payload_json` and `files[N]` (how discord.py sends files)."""
    if request.content_type == "multipart/form-data":
        form = await request.post()
        files, ids = [], []
        for key, value in form.items():
            match = _FILE_FIELD.fullmatch(key)
            if match and isinstance(value, web.FileField):
                files.append((value.filename, value.file.read()))
                ids.append(int(match[1]))
        payload = form.get("payload_json")
        if isinstance(payload, bytes | bytearray):  # a part sent with its own content type
            payload = payload.decode("utf-8")
        return (json.loads(payload) if isinstance(payload, str) else {}), files, ids
    raw = await request.read()
    return (json.loads(raw) if raw else None), [], []


def attachment_problems(body: dict[str, Any], r: Request) -> list[str]:
    """What Discord refuses about a message's files: unmatched ids, too large a file.

    payload_json's `attachments` name each upload by the N of its `files[N]` part; one
    that names no uploaded part is refused, as is a file over the upload limit.
    """
    problems = []
    listed = body.get("attachments") or []
    for index, attachment in enumerate(listed):
        try:
            attachment_id = int(attachment.get("id"))
        except (TypeError, ValueError):
            problems.append(f"attachments.{index}.id: not a snowflake or index")
            continue
        if attachment_id not in r.file_ids:
            problems.append(f"attachments.{index}.id: no files[{attachment_id}] part uploaded")
    problems += [
        f"files: {name} is over {ATTACHMENT_SIZE_LIMIT} bytes"
        for name, data in r.files
        if len(data) > ATTACHMENT_SIZE_LIMIT
    ]
    return problems


def attachment_objects(r: Request) -> list[dict[str, Any]]:
    """The attachment objects a message made with these uploads shows."""
    shown = []
    for name, data in r.files:
        attachment_id = str(snowflake())
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        url = f"https://cdn.discordapp.com/attachments/0/{attachment_id}/{name}"
        shown.append(
            {
                "id": attachment_id,
                "filename": name,
                "size": len(data),
                "url": url,
                "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
                "content_type": f"{kind}; charset=utf-8" if kind.startswith("text/") else kind,
            }
        )
    return shown
