"""`/prep channel ...`, `pair ...`, `digest ...` and `admin stats`: practising together.

The admin forms (`channel daily|off`, `pair schedule`, `admin stats`) are refused here,
server-side, unless the adapter vouched for the actor (`Actor.is_admin`: Slack workspace
admins and owners, Discord members with Manage Server); hiding them in the UI is not
enough. A community is the actor's (platform, team).
"""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.forms import example_of, usage_of
from bot.commands.registry import handles
from bot.commands.types import (
    AdminAiReview,
    AdminStats,
    ChannelDaily,
    ChannelOff,
    ChannelStatus,
    DigestOff,
    DigestOn,
    DigestStatus,
    PairMet,
    PairOff,
    PairOn,
    PairSchedule,
    PairStatus,
)
from bot.db.models import Community
from bot.handlers import community_replies as replies
from bot.replies import Note, Paragraph, Reply, error_reply
from bot.services.channel_posts import channel_state, set_channel_daily, turn_channel_off
from bot.services.community import (
    ADMIN_ONLY,
    community_zone,
    get_or_create_community,
    resume_community,
)
from bot.services.community_stats import community_stats
from bot.services.digest import ensure_digest, is_digest_on, next_digest, set_digest
from bot.services.journey import attempt
from bot.services.pairing_rounds import (
    answer_met,
    group_view,
    is_opted_in,
    next_round,
    opt_in,
    opt_out,
    opted_in_count,
    set_schedule,
)
from bot.services.review_consent import set_team, team_allows

NO_CHANNEL = "Run this in the channel where the question of the day should go (not in a DM)."


async def _community(ctx: HandlerContext) -> Community:
    return await get_or_create_community(
        ctx.session, ctx.actor.platform, ctx.actor.team_id, ctx.now
    )


def _refuse(ctx: HandlerContext) -> Reply | None:
    """The refusal for a non-admin, checked here whatever the platform's UI showed."""
    return None if ctx.actor.is_admin else error_reply(ADMIN_ONLY)


@handles(ChannelDaily)
async def channel_daily(command: ChannelDaily, ctx: HandlerContext) -> Reply:
    """Post a practice question in this channel every day, with a thread for answers."""
    if (refused := _refuse(ctx)) is not None:
        return refused
    if not ctx.actor.channel_id:
        return error_reply(NO_CHANNEL, usage_of("channel daily"), example_of("channel daily"))
    category = None
    if command.category:
        category = ctx.content.resolve_category(command.category)
        if category is None or ctx.content.categories[category].is_ask:
            names = ", ".join(c for c in ctx.content.categories if not c.startswith("ask-"))
            return error_reply(
                f"I don't have a question category called that. Categories: {names}.",
                usage_of("channel daily"),
                example_of("channel daily"),
            )
    tz_known = command.zone is not None or ctx.member.tz_source != "default"
    zone = command.zone or ctx.member.tz
    community = await _community(ctx)
    resumed = await resume_community(ctx.session, community)
    post, next_at = await set_channel_daily(
        ctx.session, community, ctx.actor.channel_id, command.at, zone, category, ctx.now
    )
    label = ctx.content.categories[category].label if category else None
    return replies.channel_on(post, next_at, label, tz_known=tz_known, resumed=resumed)


@handles(ChannelOff)
async def channel_off(command: ChannelOff, ctx: HandlerContext) -> Reply:
    """Stop this channel's question of the day."""
    if (refused := _refuse(ctx)) is not None:
        return refused
    if not ctx.actor.channel_id:
        return error_reply(NO_CHANNEL, usage_of("channel off"), example_of("channel off"))
    was_on = await turn_channel_off(
        ctx.session, await _community(ctx), ctx.actor.channel_id, ctx.now
    )
    return replies.channel_off(was_on)


@handles(ChannelStatus)
async def channel_status(command: ChannelStatus, ctx: HandlerContext) -> Reply:
    """The channel's setting, next post and yesterday's answers (anyone may look)."""
    if not ctx.actor.channel_id:
        return error_reply(NO_CHANNEL, usage_of("channel status"), example_of("channel status"))
    community = await _community(ctx)
    state = await channel_state(ctx.session, community, ctx.actor.channel_id)
    labels = {cid: c.label for cid, c in ctx.content.categories.items()}
    return replies.channel_status(state, labels, community.paused_reason)


@handles(PairOn)
async def pair_on(command: PairOn, ctx: HandlerContext) -> Reply:
    """Join the weekly mock-interview pairing (and the weekly digest, unless opted out)."""
    community = await _community(ctx)
    new, next_at = await opt_in(ctx.session, ctx.member, community, ctx.now)
    await ensure_digest(ctx.session, ctx.member, ctx.now)
    count = await opted_in_count(ctx.session, community)
    return replies.pair_on(new, next_at, ctx.member.tz, count)


@handles(PairOff)
async def pair_off(command: PairOff, ctx: HandlerContext) -> Reply:
    """Leave the weekly pairing."""
    was_in = await opt_out(ctx.session, ctx.member, await _community(ctx))
    return replies.pair_off(was_in)


@handles(PairStatus)
async def pair_status(command: PairStatus, ctx: HandlerContext) -> Reply:
    """Opted in or not, the next round, and the member's latest group."""
    community = await _community(ctx)
    opted = await is_opted_in(ctx.session, ctx.member)
    planned = await next_round(ctx.session, community) if opted else None
    view = await group_view(ctx.session, ctx.member)
    count = await opted_in_count(ctx.session, community)
    return replies.pair_status(opted, planned, view, ctx.member.tz, count)


@handles(PairSchedule)
async def pair_schedule(command: PairSchedule, ctx: HandlerContext) -> Reply:
    """Set the weekday, time and zone of the community's weekly round (admins)."""
    if (refused := _refuse(ctx)) is not None:
        return refused
    community = await _community(ctx)
    resumed = await resume_community(ctx.session, community)
    next_at = await set_schedule(
        ctx.session, community, command.weekday, command.at, command.zone, ctx.now
    )
    zone = await community_zone(ctx.session, community)
    return replies.pair_schedule(community, zone, next_at, resumed)


@handles(PairMet)
async def pair_met(command: PairMet, ctx: HandlerContext) -> Reply:
    """Record whether the member's group met (the check-in's buttons)."""

    async def work() -> Reply:
        view = await answer_met(ctx.session, ctx.member, command.round_id, command.met, ctx.now)
        return replies.pair_met(view, command.met)

    return await attempt(ctx.session, work)


@handles(DigestOn)
async def digest_on(command: DigestOn, ctx: HandlerContext) -> Reply:
    """Get the weekly summary DM (the default)."""
    await set_digest(ctx.session, ctx.member, True, ctx.now)
    return replies.digest(True, await next_digest(ctx.session, ctx.member), ctx.member.tz)


@handles(DigestOff)
async def digest_off(command: DigestOff, ctx: HandlerContext) -> Reply:
    """Stop the weekly summary DM."""
    await set_digest(ctx.session, ctx.member, False, ctx.now)
    return replies.digest(False, None, ctx.member.tz)


@handles(DigestStatus)
async def digest_status(command: DigestStatus, ctx: HandlerContext) -> Reply:
    """Whether the weekly summary is on, and when the next one comes."""
    on = await is_digest_on(ctx.session, ctx.member)
    planned = await next_digest(ctx.session, ctx.member) if on else None
    return replies.digest(on, planned, ctx.member.tz)


@handles(AdminStats)
async def admin_stats(command: AdminStats, ctx: HandlerContext) -> Reply:
    """Aggregate practice numbers for the community (admins); nobody's own data."""
    if (refused := _refuse(ctx)) is not None:
        return refused
    stats = await community_stats(ctx.session, await _community(ctx), ctx.now)
    return replies.admin_stats(stats)


@handles(AdminAiReview)
async def admin_ai_review(command: AdminAiReview, ctx: HandlerContext) -> Reply:
    """A community admin switches the AI reviewer off (or on) for every member here."""
    if (refused := _refuse(ctx)) is not None:
        return refused
    if command.setting in ("on", "off"):
        await set_team(ctx.session, await _community(ctx), command.setting == "on", ctx.now)
    on = await team_allows(ctx.session, ctx.actor.platform, ctx.actor.team_id)
    if not ctx.ai_configured:
        deployment = (
            "No AI reviewer is set up for this prepbot (its operator sets PREPBOT_AI_URL and "
            "PREPBOT_AI_MODEL), so answers are read by the rules only either way."
        )
    elif on:
        deployment = (
            "Members are told before their first answer goes out, and each can opt out "
            "with `/prep review off`."
        )
    else:
        deployment = "No member's answer goes to it, whatever they chose."
    state = "on" if on else "off"
    return Reply(
        (
            Paragraph(f"*AI reviewer for this community: {state}.* {deployment}"),
            Note("`/prep admin ai off` switches it off for everyone; `/prep admin ai on` back."),
        ),
        summary=f"AI reviewer for the community: {state}",
    )
