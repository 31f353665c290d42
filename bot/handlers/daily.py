"""`/prep daily on [HH:MM] [category] | off | status | skip`: the daily practice question."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.forms import example_of, usage_of
from bot.commands.registry import handles
from bot.commands.types import DailyOff, DailyOn, DailySkip, DailyStatus
from bot.replies import Block, Button, Buttons, Note, Paragraph, Reply, error_reply, literal
from bot.services.daily_subscription import (
    get_subscription,
    next_send,
    skip_next,
    turn_off,
    turn_on,
)
from bot.services.digest import ensure_digest
from bot.services.journey import fmt_local
from bot.services.streaks import streak_for, streak_text

_TZ_HINT = (
    "Times are in *UTC* because I don't know your time zone yet: set it with "
    "`/prep tz <zone>`, for example `/prep tz Europe/Berlin`."
)


def _category_text(ctx: HandlerContext, category: str | None) -> str:
    if category is None or category not in ctx.content.categories:
        return "all categories, taking turns"
    return ctx.content.categories[category].label


def _tz_note(ctx: HandlerContext) -> list[Block]:
    return [Note(_TZ_HINT)] if ctx.member.tz_source == "default" else []


@handles(DailyOn)
async def daily_on(command: DailyOn, ctx: HandlerContext) -> Reply:
    """Turn daily practice on (or change its time or category) and confirm by DM."""
    category = None
    if command.category:
        category = ctx.content.resolve_category(command.category)
        if category is None:
            names = ", ".join(ctx.content.categories)
            return error_reply(
                f"I don't have a question category called that. Categories: {names}.",
                usage_of("daily on"),
                example_of("daily on") + " conflict",
            )
    subscription, next_at = await turn_on(ctx.session, ctx.member, command.at, category, ctx.now)
    # Daily practice is what the weekly digest sums up; `digest off` opts out.
    await ensure_digest(ctx.session, ctx.member, ctx.now)
    zone = literal(ctx.member.tz)
    what = _category_text(ctx, category)
    blocks: list[Block] = [
        Paragraph(
            f"Daily practice is on: a question by DM every day at "
            f"*{subscription.local_time}* ({zone}), {what}."
        ),
        Note(f"The next one arrives {fmt_local(next_at, ctx.member.tz)}."),
        *_tz_note(ctx),
        Buttons((Button("Status", "daily status"), Button("Turn off", "daily off"))),
    ]
    ctx.confirm_by_dm = Reply(
        (
            Paragraph(
                f"You're set: your daily practice question will arrive here every day at "
                f"*{subscription.local_time}* ({zone})."
            ),
            Note("Stop any time with `/prep daily off`."),
        ),
        summary=f"Daily practice at {subscription.local_time}",
    )
    return Reply(tuple(blocks), summary=f"Daily practice on at {subscription.local_time}")


@handles(DailyOff)
async def daily_off(command: DailyOff, ctx: HandlerContext) -> Reply:
    """Stop the daily question."""
    subscription = await get_subscription(ctx.session, ctx.member)
    was_on = await turn_off(ctx.session, ctx.member, ctx.now)
    if not was_on:
        return Reply(
            (Paragraph("Daily practice is already off."), Note("Start it: `/prep daily on 07:45`")),
            summary="Daily practice is off",
        )
    again = f"/prep daily on {subscription.local_time}" if subscription else "/prep daily on"
    return Reply(
        (
            Paragraph("Daily practice is off: no more daily questions."),
            Note(f"Turn it back on any time: `{again}`"),
        ),
        summary="Daily practice off",
    )


@handles(DailyStatus)
async def daily_status(command: DailyStatus, ctx: HandlerContext) -> Reply:
    """The daily setting and the next send time, in the member's zone."""
    subscription = await get_subscription(ctx.session, ctx.member)
    if subscription is None or not subscription.enabled:
        return Reply(
            (
                Paragraph("Daily practice is *off*."),
                Note(f"Start it: `{usage_of('daily on')}`, e.g. `{example_of('daily on')}`."),
            ),
            summary="Daily practice is off",
        )
    planned = await next_send(ctx.session, ctx.member)
    lines = [
        f"Daily practice is *on*: every day at *{subscription.local_time}* "
        f"({literal(ctx.member.tz)}), {_category_text(ctx, subscription.category)}."
    ]
    if planned is not None and planned[1]:
        lines.append(f"Next question: {fmt_local(planned[0], ctx.member.tz)}.")
    else:
        reason = ctx.member.paused_reason or "messages could not be delivered"
        lines.append(f"*Paused* ({literal(reason)}): use any command to resume.")
    if subscription.skip_date is not None and planned is not None:
        lines.append(f"Skipping {subscription.skip_date.isoformat()}.")
    lines.append(streak_text(await streak_for(ctx.session, ctx.member, ctx.now)))
    return Reply(
        (
            Paragraph(" ".join(lines)),
            *_tz_note(ctx),
            Buttons((Button("Skip the next one", "daily skip"), Button("Turn off", "daily off"))),
        ),
        summary=f"Daily practice at {subscription.local_time}",
    )


@handles(DailySkip)
async def daily_skip(command: DailySkip, ctx: HandlerContext) -> Reply:
    """Skip the next daily question (today's, if it has not gone out yet)."""
    subscription = await get_subscription(ctx.session, ctx.member)
    if subscription is None or not subscription.enabled:
        return error_reply(
            "Daily practice is off, so there is nothing to skip.",
            usage_of("daily on"),
            example_of("daily on"),
        )
    skipped, following = await skip_next(ctx.session, ctx.member, subscription, ctx.now)
    tz = ctx.member.tz
    return Reply(
        (
            Paragraph(f"Skipping the question of {fmt_local(skipped, tz)}."),
            Note(f"The next one arrives {fmt_local(following, tz)}."),
        ),
        summary="Skipping the next daily question",
    )
