"""INTERACTION_CREATE payloads shaped like the ones Discord's gateway delivers.

Field for field what Discord sends for a slash command in a server text channel, an
autocomplete request, a button press and a modal submit (API v10), so the real
`ConnectionState.parse_interaction_create` and `CommandTree` handle them.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.discord_api import EPHEMERAL, snowflake, user_payload

GUILD_ID = 1_180_000_000_000_000_001
CHANNEL_ID = 1_180_000_000_000_000_002
MEMBER_PERMISSIONS = "2248473465835073"  # an ordinary member: no Manage Server
ADMIN_PERMISSIONS = "2251799813685247"  # every permission
APP_PERMISSIONS = "2248473465835073"


def option(name: str, value: Any, kind: int = 3, *, focused: bool = False) -> dict[str, Any]:
    """A filled option (type 3 STRING by default, 5 BOOLEAN for flags)."""
    data: dict[str, Any] = {"name": name, "type": kind, "value": value}
    if focused:
        data["focused"] = True
    return data


def _base(
    kind: int,
    data: dict[str, Any],
    *,
    application_id: int,
    user_id: int,
    username: str = "ana",
    in_dm: bool = False,
    admin: bool = False,
    message: dict[str, Any] | None = None,
    locale: str = "en-US",
) -> dict[str, Any]:
    user = user_payload(user_id, username)
    payload: dict[str, Any] = {
        "id": str(snowflake()),
        "application_id": str(application_id),
        "type": kind,
        "data": data,
        "token": f"aW50ZXJhY3Rpb246{snowflake()}",
        "version": 1,
        "locale": locale,
        "app_permissions": APP_PERMISSIONS,
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
        "authorizing_integration_owners": {"0": str(GUILD_ID)} if not in_dm else {"0": "0"},
    }
    if in_dm:
        payload["context"] = 1
        payload["user"] = user
        payload["channel_id"] = str(CHANNEL_ID + 1)
        payload["channel"] = {
            "id": str(CHANNEL_ID + 1),
            "type": 1,
            "flags": 0,
            "last_message_id": None,
            "recipients": [user],
        }
    else:
        payload["context"] = 0
        payload["guild_id"] = str(GUILD_ID)
        payload["guild_locale"] = "en-US"
        payload["guild"] = {"id": str(GUILD_ID), "locale": "en-US", "features": []}
        payload["channel_id"] = str(CHANNEL_ID)
        payload["channel"] = {
            "id": str(CHANNEL_ID),
            "type": 0,
            "guild_id": str(GUILD_ID),
            "name": "interview-prep",
            "position": 3,
            "flags": 0,
            "parent_id": None,
            "nsfw": False,
            "topic": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "permissions": MEMBER_PERMISSIONS,
        }
        payload["member"] = {
            "user": user,
            "roles": [],
            "joined_at": "2025-11-02T10:00:00.000000+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "nick": None,
            "avatar": None,
            "flags": 0,
            "communication_disabled_until": None,
            "permissions": ADMIN_PERMISSIONS if admin else MEMBER_PERMISSIONS,
        }
    if message is not None:
        payload["message"] = message
    return payload


def command(
    subcommand: str,
    options: list[dict[str, Any]] | None = None,
    *,
    application_id: int,
    command_id: int = 1_180_000_000_000_000_100,
    autocomplete: bool = False,
    **who: Any,
) -> dict[str, Any]:
    """`/prep <subcommand> <options>` (type 2), or its autocomplete request (type 4)."""
    data = {
        "id": str(command_id),
        "name": "prep",
        "type": 1,
        "options": [{"name": subcommand, "type": 1, "options": options or []}],
    }
    return _base(4 if autocomplete else 2, data, application_id=application_id, **who)


def button_press(
    custom_id: str, message: dict[str, Any], *, application_id: int, **who: Any
) -> dict[str, Any]:
    """A press (type 3) of the button `custom_id` on `message` (a message object)."""
    data = {"custom_id": custom_id, "component_type": 2}
    return _base(3, data, application_id=application_id, message=message, **who)


def modal_submit(
    custom_id: str, values: dict[str, str], *, application_id: int, **who: Any
) -> dict[str, Any]:
    """A submitted modal (type 5): one action row per text input, as Discord sends."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
        for key, value in values.items()
    ]
    return _base(
        5, {"custom_id": custom_id, "components": rows}, application_id=application_id, **who
    )


def message_with(
    components: list[dict[str, Any]],
    *,
    ephemeral: bool = True,
    channel_id: int = CHANNEL_ID,
    author_id: int = 1,
) -> dict[str, Any]:
    """A message object carrying `components`, as a button press quotes it."""
    return {
        "id": str(snowflake()),
        "channel_id": str(channel_id),
        "type": 20,
        "content": "",
        "author": user_payload(author_id, "prepbot", bot=True),
        "attachments": [],
        "embeds": [],
        "components": components,
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": "2026-03-02T12:00:00.000000+00:00",
        "edited_timestamp": None,
        "flags": EPHEMERAL if ephemeral else 0,
    }


# --- gateway events for the answer threads (GUILD_CREATE, THREAD_CREATE, MESSAGE_CREATE) ---


def guild_create(
    channels: list[dict[str, Any]], threads: list[dict[str, Any]], *, guild_id: int = GUILD_ID
) -> dict[str, Any]:
    """GUILD_CREATE as a bot with the `guilds` intent receives it (no member list)."""
    return {
        "id": str(guild_id),
        "name": "Interview prep",
        "icon": None,
        "owner_id": "1",
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "features": [],
        "mfa_level": 0,
        "system_channel_flags": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "nsfw_level": 0,
        "roles": [],
        "emojis": [],
        "stickers": [],
        "member_count": 3,
        "large": False,
        "unavailable": False,
        "joined_at": "2025-11-02T10:00:00.000000+00:00",
        "members": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "channels": [{k: v for k, v in c.items() if k != "guild_id"} for c in channels],
        "threads": threads,
    }


def thread_create(thread: dict[str, Any]) -> dict[str, Any]:
    """THREAD_CREATE for a thread the bot just started."""
    return {**thread, "newly_created": True}


def message_create(message: dict[str, Any], *, guild_id: int = GUILD_ID) -> dict[str, Any]:
    """MESSAGE_CREATE for a server message: the message plus its server and author member.

    Without the Message Content intent Discord blanks `content` unless the bot is
    mentioned; pass the message the way the bot would read it.
    """
    return {
        **message,
        "guild_id": str(guild_id),
        "member": {
            "roles": [],
            "joined_at": "2025-11-02T10:00:00.000000+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "nick": None,
            "avatar": None,
            "flags": 0,
            "communication_disabled_until": None,
        },
    }
