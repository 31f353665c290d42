"""A fake Discord REST API on localhost that answers the way Discord does.

discord.py's own HTTP layer talks to it (`Route.BASE` points here), so tests exercise
the real request building, rate-limit handling and error classes. It speaks Discord's
JSON shapes (users, DM channels, messages, interaction callbacks, application commands)
and error codes (50007, 40003, 50035, 40060, 429 with `Via`), validates messages and
command trees against Discord's documented limits, dedupes on `nonce` +
`enforce_nonce`, counts invalid requests (Discord bans an IP after 10,000 in 10
minutes) and enforces a global requests-per-second limit like Discord's.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

API_PREFIX = "/api/v10"
TOKEN = "fake-discord-token"
DISCORD_EPOCH_MS = 1_420_070_400_000
EPHEMERAL = 1 << 6
INVALID_STATUSES = {401, 403, 429}  # what Discord counts toward its IP ban

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


_RECORD = web.RequestKey("record", Request)


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
    invalid_requests: int = 0
    global_429s: int = 0

    def __post_init__(self) -> None:
        self._dm_channels: dict[int, int] = {}  # user -> channel
        self._dm_users: dict[int, int] = {}  # channel -> user
        self._nonces: dict[tuple[int, str], dict[str, Any]] = {}
        self._answered: set[str] = set()
        self._throttles: list[_Throttle] = []
        self._recent: deque[float] = deque()
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> str:
        """Serve on a free localhost port; returns the base URL for `Route.BASE`."""
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

    def sent(self, method: str, path_pattern: str) -> list[Request]:
        """Requests whose method and path (regex, full match) match."""
        regex = re.compile(path_pattern)
        return [r for r in self.requests if r.method == method and regex.fullmatch(r.path)]

    def dm_channel_of(self, user_id: int) -> int | None:
        """The DM channel opened with a user, if any."""
        return self._dm_channels.get(user_id)

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
        body, files = await _read_body(request)
        path = request.path.removeprefix(API_PREFIX)
        record = Request(
            request.method, path, dict(request.query), body, files, dict(request.headers)
        )
        self.requests.append(record)
        request[_RECORD] = record
        response = await handler(request)
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
        self, channel_id: int, payload: dict[str, Any], *, webhook: bool = False
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "id": str(snowflake()),
            "channel_id": str(channel_id),
            "type": 0 if not webhook else 20,
            "content": payload.get("content") or "",
            "author": user_payload(self.bot_user_id, "prepbot", bot=True),
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
        if channel_id not in self._dm_users and channel_id not in self.messages:
            return 404, error_body(10003, "Unknown Channel")
        problems = message_problems(body, has_files=bool(r.files))
        if problems:
            return 400, error_body(50035, "Invalid Form Body", {"_errors": problems})
        nonce = body.get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            return 400, error_body(50035, "Invalid Form Body", {"nonce": "25 or fewer characters"})
        if nonce is not None and body.get("enforce_nonce") and (channel_id, nonce) in self._nonces:
            return 200, self._nonces[(channel_id, nonce)]  # Discord returns the first message
        message = self._message(channel_id, body)
        self.messages[channel_id].append(message)
        if nonce is not None:
            self._nonces[(channel_id, nonce)] = message
        return 200, message

    def _callback(self, interaction_id: str, token: str, r: Request) -> tuple[int, Any]:
        if token in self._answered:
            return 400, error_body(40060, "Interaction has already been acknowledged.")
        body = r.body if isinstance(r.body, dict) else {}
        kind = body.get("type")
        data = body.get("data") or {}
        if kind in (4, 7):
            problems = message_problems(data, has_files=bool(r.files))
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
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"]["message"] = message
        return 200, answer

    def _followup(self, token: str, r: Request) -> tuple[int, Any]:
        body = r.body if isinstance(r.body, dict) else {}
        if token not in self._answered:
            return 404, error_body(10015, "Unknown Webhook")
        problems = message_problems(body, has_files=bool(r.files))
        if problems:
            return 400, error_body(50035, "Invalid Form Body", {"_errors": problems})
        message = self._message(0, body, webhook=True)
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


def _json(body: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly `application/json`, no charset: discord.py only parses that content type.
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    """JSON, or multipart with `payload_json` and files (how discord.py sends files)."""
    if request.content_type == "multipart/form-data":
        form = await request.post()
        files = [
            (value.filename, value.file.read())
            for key, value in form.items()
            if key.startswith("files[") and isinstance(value, web.FileField)
        ]
        payload = form.get("payload_json")
        return (json.loads(payload) if isinstance(payload, str) else {}), files
    raw = await request.read()
    return (json.loads(raw) if raw else None), []
