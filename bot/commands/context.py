"""What a handler gets besides its command: who asked, their stored member, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.ids import NewShortId, new_short_id
from bot.content import ContentLibrary
from bot.db.models import Member
from bot.replies import Reply


@dataclass(frozen=True)
class Actor:
    """Who sent a command, as their platform identifies them.

    `team_id` is the Slack workspace or Discord guild ("" for the console and DMs);
    the same `user_id` on another team is another member. `tz_hint` is a zone the
    platform knows (a Slack profile) used only until the member sets one. `locale` is the
    language the platform reports (`en-US`, `de`): a hint for reading `03/04`, never more.
    """

    platform: str
    user_id: str
    team_id: str = ""
    display_name: str = ""
    channel_id: str | None = None
    is_admin: bool = False
    tz_hint: str | None = None
    locale: str | None = None
    # Whether this came from the member's direct messages with prepbot, where a plain
    # reply answers an open practice question (the console counts as one).
    in_dm: bool = False


@dataclass(frozen=True)
class AiRequest:
    """An answer to send to the AI reviewer once the command has committed.

    Plain data (the question, its category, the answer and what the rules found), so the
    core can hand it to whichever reviewer the process was built with, after the reply.
    """

    answer: str
    question: str | None
    category: str
    rules_said: str
    answer_id: str


@dataclass
class HandlerContext:
    """Per-command state; the session is committed after the handler returns."""

    actor: Actor
    member: Member
    session: AsyncSession
    content: ContentLibrary
    now: datetime
    # A message to send by DM after the command commits (confirmations); if it cannot be
    # delivered, the member is told in the reply instead of discovering it tomorrow.
    confirm_by_dm: Reply | None = None
    notes: list[str] = field(default_factory=list)
    # Where new short ids come from (seeded in simulations, so their output repeats).
    ids: NewShortId = new_short_id
    # Whether this process has an AI reviewer configured (the deployment admin's choice).
    ai_configured: bool = False
    # Set by a handler whose answer may go to the reviewer; sent after the reply.
    ai_request: AiRequest | None = None
