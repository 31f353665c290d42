"""The core entry point adapters call: text or a command in, a `Reply` out.

`PrepBot` owns nothing platform-specific. It finds the member behind an actor, runs
the command's handler in one transaction, and sends a confirmation DM through the
platform's transport when a handler asks for one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.commands.context import Actor, HandlerContext
from bot.commands.grammar import parse
from bot.commands.ids import NewShortId, new_short_id
from bot.commands.types import Command, ParseError
from bot.content import ContentLibrary, default_library
from bot.db.engine import Database, unreachable
from bot.foreground import Foreground
from bot.handlers import handler_for
from bot.logs import ProblemLog
from bot.replies import Note, Reply, error_reply, literal
from bot.schedule.timemath import OutOfRange
from bot.schedule.transport import PermanentSendError, Recipient, SendError, Transport
from bot.services.home import build_home
from bot.services.members import get_or_create_member, resume_if_paused
from bot.services.out_of_range import out_of_range_reply
from bot.when.examples import dated_from
from bot.when.locale import suggest_order

log = logging.getLogger(__name__)


class PrepBot:
    """Parses, authorises by ownership, runs handlers, and confirms by DM."""

    def __init__(
        self,
        db: Database,
        *,
        content: ContentLibrary | None = None,
        clock: Clock | None = None,
        transports: Mapping[str, Transport] | None = None,
        foreground: Foreground | None = None,
        ids: NewShortId | None = None,
    ) -> None:
        self.db = db
        self.content = content or default_library()
        self.clock = clock or SystemClock()
        self.transports: dict[str, Transport] = dict(transports or {})
        # Shared with a scheduler in the same process, so it steps aside while we answer.
        self.foreground = foreground or Foreground()
        self.ids: NewShortId = ids or new_short_id
        # A database that cannot be used fails every command alike: one line while it
        # lasts (and one when it is back), not a traceback per command.
        self._database_problem = ProblemLog(
            log, "database unusable: commands answered with an apology", action="retrying"
        )

    async def handle_text(self, actor: Actor, text: str) -> Reply:
        """Answer one line of `/prep` text."""
        # Examples in a refusal are dated from this bot's clock (a simulation's, in tests).
        with dated_from(self.clock.now().date()):
            parsed = parse(text)
        if isinstance(parsed, ParseError):
            return self.refusal(actor, parsed)
        return await self.handle_command(actor, parsed)

    def refusal(self, actor: Actor, parsed: ParseError) -> Reply:
        """The reply to a line (or form) that did not parse, for this member.

        A truly ambiguous `03/04` is still asked back; the member's locale only decides
        which reading the question suggests first.
        """
        message = parsed.message
        extra = parsed.extra
        if "month_first" in extra:
            hint = suggest_order(
                extra["ambiguous"], extra["month_first"], extra["day_first"], actor.locale
            )
            message = f"{message} {hint}" if hint else message
        return error_reply(message, parsed.usage, parsed.example)

    @metrics.timed_command
    async def handle_command(self, actor: Actor, command: Command) -> Reply:
        """Run the handler for a parsed command as `actor`."""
        handler = handler_for(command)
        if handler is None:
            return error_reply(
                "That command is not available yet.", "/prep help", "/prep second-round"
            )
        now = self.clock.now()
        try:
            with dated_from(now.date()):
                async with self.db.session() as session:
                    member = await get_or_create_member(session, actor, now)
                    resumed = await resume_if_paused(session, member)
                    ctx = HandlerContext(
                        actor=actor,
                        member=member,
                        session=session,
                        content=self.content,
                        now=now,
                        ids=self.ids,
                    )
                    reply = await handler(command, ctx)
                    recipient = Recipient(
                        member_id=member.id,
                        platform=actor.platform,
                        team_id=actor.team_id,
                        user_id=actor.user_id,
                        display_name=member.display_name,
                    )
        except OutOfRange:
            # A date at the very end of the calendar, whichever path it came by.
            return out_of_range_reply(command, now)
        except Exception as error:
            # Never a traceback in chat. The transaction was rolled back, so nothing
            # half-changed. An outage (refused, full disk) is one line while it lasts;
            # anything else is logged with its traceback (no tokens are in these objects).
            if unreachable(error):
                self._database_problem.failed(error)
                return error_reply(
                    "I cannot use my database just now, so nothing was changed. "
                    "Please try again in a minute."
                )
            log.exception("handler failed for %s", type(command).__name__)
            return error_reply(
                "Something went wrong on my side and nothing was changed. Please try again.",
            )
        self._database_problem.ok()
        if resumed and not reply.is_error:
            reply = reply.with_blocks(
                Note(
                    f"Your scheduled messages were paused ({literal(resumed)}); "
                    "they are back on now."
                )
            )
        if ctx.confirm_by_dm is not None:
            reply = await self._confirm_by_dm(recipient, ctx.confirm_by_dm, reply, now.isoformat())
        return reply

    async def home(self, actor: Actor) -> Reply:
        """The member's overview (Slack's App Home): read-only, so a pause stays as it is."""
        now = self.clock.now()
        try:
            async with self.db.session() as session:
                member = await get_or_create_member(session, actor, now)
                return await build_home(session, member, self.content, now)
        except Exception:
            log.exception("home overview failed")
            return error_reply("I could not load your overview just now. Please try again.")

    async def _confirm_by_dm(
        self, recipient: Recipient, message: Reply, reply: Reply, stamp: str
    ) -> Reply:
        transport = self.transports.get(recipient.platform)
        if transport is None:
            return reply
        try:
            await transport.send(recipient, message, idempotency_key=f"confirm:{stamp}")
        except PermanentSendError as error:
            return reply.with_blocks(
                Note(
                    "*I could not send you a direct message*, so scheduled messages "
                    f"would not reach you ({error.reason}). Allow direct messages from "
                    "this app in your privacy settings, then run the command again."
                )
            )
        except SendError as error:
            log.warning("confirmation DM not sent: %s", error)
        return reply
