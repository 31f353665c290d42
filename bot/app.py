"""The core entry point adapters call: text or a command in, a `Reply` out.

`PrepBot` owns nothing platform-specific. It finds the member behind an actor, runs
the command's handler in one transaction, and sends a confirmation DM through the
platform's transport when a handler asks for one.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.commands.context import Actor, AiRequest, HandlerContext
from bot.commands.grammar import STOP_WORDS, parse
from bot.commands.ids import NewShortId, new_short_id
from bot.commands.types import CancelPractice, Command, ParseError
from bot.content import ContentLibrary, default_library
from bot.db.engine import Database, unreachable
from bot.foreground import Foreground
from bot.handlers import handler_for
from bot.handlers.direct_messages import take_direct_message
from bot.handlers.review_notes import ai_note_reply
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

# A DM that starts with `/prep` is a command (Slack runs a slash command only when it is
# typed at the very start of the box, and Discord offers `/prep` only in servers, so
# `/prep help` can reach us as a plain message). A bare `prep` may begin an answer.
_PREFIX = re.compile(r"/prep(?:\s|$)", re.IGNORECASE)

Run = Callable[[HandlerContext], Awaitable[Reply]]


class Reviewer(Protocol):
    """An AI reviewer (`bot.services.ai_reviewer.AiReviewer`): a note, or None on failure."""

    async def review(self, request: AiRequest) -> str | None:
        """The reviewer's note on one answer; never raises."""
        ...


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
        reviewer: Reviewer | None = None,
    ) -> None:
        self.db = db
        self.content = content or default_library()
        self.clock = clock or SystemClock()
        self.transports: dict[str, Transport] = dict(transports or {})
        # Shared with a scheduler in the same process, so it steps aside while we answer.
        self.foreground = foreground or Foreground()
        self.ids: NewShortId = ids or new_short_id
        # Optional, off unless the deployment configures it; its notes go out after the reply.
        self.reviewer = reviewer
        self._follow_ups: set[asyncio.Task[None]] = set()
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

        async def run(ctx: HandlerContext) -> Reply:
            return await handler(command, ctx)

        return await self._run(actor, run, type(command).__name__, command)

    async def handle_message(
        self, actor: Actor, text: str, *, bare_commands: bool = False
    ) -> Reply:
        """Answer a message the member wrote in their DM with prepbot (not a slash command).

        A line starting with `/prep` runs as that command; `cancel`, `skip` or `stop`
        alone stops the open question; otherwise the message answers the open practice
        or daily question, if there is one, or gets a short pointer (never a guess). With
        `bare_commands` (the console, where every line used to be a command) a line that
        reads as a command runs as one. Adapters pass only a person's own top-level DM
        messages here.
        """
        stripped = text.strip()
        if _PREFIX.match(stripped):
            return await self.handle_text(actor, stripped)
        if stripped.lower().strip(".!") in STOP_WORDS:
            return await self.handle_command(actor, CancelPractice())
        otherwise: Reply | None = None
        if bare_commands:
            with dated_from(self.clock.now().date()):
                parsed = parse(stripped)
            if not isinstance(parsed, ParseError):
                return await self.handle_command(actor, parsed)
            # With no open question, a line that is no command gets the grammar's answer.
            otherwise = error_reply(parsed.message, parsed.usage, parsed.example)

        async def run(ctx: HandlerContext) -> Reply:
            return await take_direct_message(stripped, ctx, otherwise=otherwise)

        return await self._run(actor, run, "DirectMessage", None)

    async def _run(self, actor: Actor, run: Run, name: str, command: Command | None) -> Reply:
        """Run one piece of handler work as `actor` in one transaction, never raising."""
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
                        ai_configured=self.reviewer is not None,
                    )
                    reply = await run(ctx)
                    recipient = Recipient(
                        member_id=member.id,
                        platform=actor.platform,
                        team_id=actor.team_id,
                        user_id=actor.user_id,
                        display_name=member.display_name,
                    )
        except OutOfRange:
            # A date at the very end of the calendar, whichever path it came by.
            if command is None:
                return error_reply("That date is too far away for me. Please try again.")
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
            log.exception("handler failed for %s", name)
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
        if ctx.ai_request is not None:
            self._start_follow_up(recipient, ctx.ai_request)
        return reply

    def _start_follow_up(self, recipient: Recipient, request: AiRequest) -> None:
        """Ask the AI reviewer in the background: the reply has already been decided."""
        task = asyncio.get_running_loop().create_task(self._ai_follow_up(recipient, request))
        self._follow_ups.add(task)
        task.add_done_callback(self._follow_ups.discard)

    async def _ai_follow_up(self, recipient: Recipient, request: AiRequest) -> None:
        reviewer, transport = self.reviewer, self.transports.get(recipient.platform)
        if reviewer is None or transport is None:
            return
        note = await reviewer.review(request)
        if note is None:
            return  # the rule-based feedback stands alone; the reviewer logged why
        try:
            await transport.send(
                recipient,
                ai_note_reply(note, request.answer_id),
                idempotency_key=f"ai-review:{recipient.member_id}:{request.answer_id}",
            )
        except SendError as error:
            log.warning("AI reviewer note not sent: %s", error)
        except Exception:
            log.exception("AI reviewer note failed")

    async def follow_ups(self) -> None:
        """Wait for the AI notes under way (the console and tests)."""
        while self._follow_ups:
            await asyncio.gather(*list(self._follow_ups), return_exceptions=True)

    async def finish_follow_ups(self, within: float = 10.0) -> None:
        """A graceful stop: let notes under way finish for `within` seconds, drop the rest.

        A dropped note costs only the second opinion; the feedback was already sent.
        """
        pending = list(self._follow_ups)
        if not pending:
            return
        _, late = await asyncio.wait(pending, timeout=within)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)  # let them finish cancelling
        if late:
            log.info("stopping: %d AI reviewer notes not sent", len(late))

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
