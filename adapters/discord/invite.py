"""The permissions prepbot's invite link asks for, and the link itself.

View Channel comes first: without it a role's other channel permissions do nothing,
and a server whose default role cannot see the question of the day's channel left
prepbot unable to post there (50001 Missing Access). Nothing else is asked beyond what
a feature uses: no administrator, no moderation (not even Manage Threads), no
mentions of @everyone.
"""

from __future__ import annotations

import discord

PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    create_public_threads=True,  # the question of the day's answer thread
    create_private_threads=True,  # a practice pair's thread
    send_messages_in_threads=True,
)
SCOPES = ("bot", "applications.commands")


def invite_url(application_id: int | str) -> str:
    """The server-install link for the application `application_id`."""
    return (
        f"https://discord.com/oauth2/authorize?client_id={application_id}"
        f"&scope={'+'.join(SCOPES)}&permissions={PERMISSIONS.value}&integration_type=0"
    )
