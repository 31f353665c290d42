"""Community flows on the console: a channel of its own, and replies in answer threads.

`prepbot console --admin` makes the console user a community admin (the console has no
platform to ask), and its commands run "in" the channel `console` (or `--channel`). A
line starting with `>` is a reply written in the answer thread of that channel's newest
question of the day, which is what a member does on Slack or Discord without `/prep`.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.console.render import render
from adapters.console.session import ConsoleSession
from bot.replies import Note, Reply, error_reply
from bot.services.channel_posts import handle_thread_reply, latest_thread
from bot.services.community import find_community

THREAD_PREFIX = ">"


async def reply_in_newest_thread(session: ConsoleSession, text: str) -> Reply:
    """Post `text` in the newest answer thread of the session's channel."""
    bot, actor = session.bot, session.actor
    now = bot.clock.now()
    async with bot.db.session() as db_session:
        community = await find_community(db_session, actor.platform, actor.team_id)
        thread = None
        if community is not None:
            thread = await latest_thread(db_session, community, actor.channel_id or "")
    if thread is None:
        return error_reply(
            "There is no question of the day here to answer yet.",
            "/prep channel daily 10:00",
        )
    if not text.strip():
        return error_reply("Write your answer after `>`.")
    await handle_thread_reply(bot.db, actor, thread, text, now)
    return Reply((Note("Posted in the question's thread: it counts for your streak."),))


@dataclass
class CommunityConsoleSession(ConsoleSession):
    """A console session where `> text` replies in the channel's answer thread."""

    async def answer(self, line: str) -> Reply | None:
        """Answer a line; `> text` is a thread reply, anything else a `/prep` line."""
        text = line.strip()
        if not text.startswith(THREAD_PREFIX):
            return await super().answer(line)
        reply = await reply_in_newest_thread(self, text[len(THREAD_PREFIX) :])
        self.out.write(render(reply, color=self.color) + "\n\n")
        self.out.flush()
        return reply
