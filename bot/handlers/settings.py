"""`/prep tz [zone]`: the member's time zone, which every local-time delivery follows."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import SetTimezone, ShowTimezone
from bot.replies import Note, Paragraph, Reply, literal
from bot.schedule.timemath import to_local
from bot.services.timezones import replan_after_tz_change


def _local_now(ctx: HandlerContext) -> str:
    return to_local(ctx.now, ctx.member.tz).strftime("%a %d %b, %H:%M")


@handles(SetTimezone)
async def set_timezone(command: SetTimezone, ctx: HandlerContext) -> Reply:
    """Set the zone and move every future local-time delivery to it."""
    ctx.member.tz = command.zone
    ctx.member.tz_source = "member"
    await ctx.session.flush()
    await replan_after_tz_change(ctx.session, ctx.member, ctx.now)
    return Reply(
        (
            Paragraph(
                f"Your time zone is now *{literal(command.zone)}* (it is {_local_now(ctx)})."
            ),
            Note("Daily questions and reminders now follow this zone."),
        ),
        summary=f"Time zone set to {command.zone}",
    )


@handles(ShowTimezone)
async def show_timezone(command: ShowTimezone, ctx: HandlerContext) -> Reply:
    """Say which zone we use and how to change it."""
    source = {
        "default": "the default, until you set yours",
        "profile": "from your profile",
        "member": "set by you",
    }.get(ctx.member.tz_source, "")
    return Reply(
        (
            Paragraph(
                f"Your time zone is *{literal(ctx.member.tz)}* ({source}); "
                f"it is {_local_now(ctx)} there."
            ),
            Note("Change it with `/prep tz <zone>`, for example `/prep tz Europe/Berlin`."),
        ),
        summary=f"Time zone: {ctx.member.tz}",
    )
