"""The invite link asks for View Channel, and the docs show the link the code builds."""

from __future__ import annotations

from pathlib import Path

from adapters.discord.invite import PERMISSIONS, invite_url

DOCS = Path(__file__).parents[3] / "docs" / "discord.md"


def test_the_invite_asks_for_view_channel_and_nothing_to_moderate():
    """View Channel is in; administrator, Manage Threads and @everyone are not."""
    assert PERMISSIONS.view_channel
    assert not (PERMISSIONS.administrator or PERMISSIONS.manage_threads)
    assert not PERMISSIONS.mention_everyone


def test_docs_show_the_invite_the_code_builds():
    """docs/discord.md's link and its number are the code's, so neither drifts."""
    text = DOCS.read_text()
    assert invite_url("APP_ID") in text
    assert f"Permissions ({PERMISSIONS.value}," in text
