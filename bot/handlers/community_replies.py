"""How the community commands answer: one function per reply, no database access."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.db.models import ChannelPost, Community
from bot.replies import Block, Button, Buttons, Fields, Header, Note, Paragraph, Reply, literal
from bot.services.channel_posts import ChannelState
from bot.services.community import DAY_NAMES
from bot.services.community_stats import CommunityStats
from bot.services.journey import fmt_local
from bot.services.pairing_render import names_text
from bot.services.pairing_rounds import GroupView

_NO_ZONE = (
    "The time is in *UTC* because I don't know your time zone: add one, like "
    "`/prep channel daily 10:00 Europe/Berlin`."
)


def channel_on(
    post: ChannelPost, next_at: datetime, label: str | None, *, tz_known: bool, resumed: str | None
) -> Reply:
    """The channel's question of the day is set."""
    what = label or "all categories, taking turns"
    blocks: list[Block] = [
        Paragraph(
            f"Question of the day is on in this channel: every day at *{post.local_time}* "
            f"({literal(post.tz)}), {what}. I post a practice question and open a thread "
            "for answers; the next day's post says how many answered."
        ),
        Note(f"First post: {fmt_local(next_at, post.tz)} ({literal(post.tz)})."),
    ]
    if not tz_known:
        blocks.append(Note(_NO_ZONE))
    if resumed:
        blocks.append(
            Note(f"Community posts were paused ({literal(resumed)}); they are back on now.")
        )
    blocks.append(Buttons((Button("Status", "channel status"), Button("Turn off", "channel off"))))
    return Reply(tuple(blocks), summary=f"Question of the day at {post.local_time}")


def channel_off(was_on: bool) -> Reply:
    """The channel's question of the day is off (or already was)."""
    text = (
        "Question of the day is off in this channel."
        if was_on
        else "This channel has no question of the day."
    )
    return Reply(
        (Paragraph(text), Note("Start it: `/prep channel daily 10:00 Europe/Berlin`")),
        summary=text,
    )


def channel_status(state: ChannelState, labels: Mapping[str, str], paused: str | None) -> Reply:
    """The channel's setting, next post and the latest post's answers."""
    post = state.post
    if post is None or not post.enabled:
        return Reply(
            (
                Paragraph("This channel has no question of the day."),
                Note("An admin can start one: `/prep channel daily 10:00 Europe/Berlin`."),
            ),
            summary="No question of the day here",
        )
    what = labels.get(post.category or "", "all categories, taking turns")
    lines = [f"Question of the day: every day at *{post.local_time}* ({literal(post.tz)}), {what}."]
    if paused:
        lines.append(f"*Paused* ({literal(paused)}): an admin's `channel daily` resumes it.")
    elif state.next_run is not None:
        lines.append(f"Next post: {fmt_local(state.next_run, post.tz)}.")
    blocks: list[Block] = [Paragraph(" ".join(lines))]
    latest = state.latest
    if latest is not None and latest.answer_count is not None:
        blocks.append(
            Note(f"The {latest.local_date.isoformat()} question had {latest.answer_count} answers.")
        )
    return Reply(tuple(blocks), summary=f"Question of the day at {post.local_time}")


def pair_on(new: bool, next_at: datetime, tz: str, count: int) -> Reply:
    """The member is in the weekly pairing."""
    first = "You're in" if new else "You're already in"
    return Reply(
        (
            Paragraph(
                f"{first} the weekly mock-interview pairing. Next round: "
                f"{fmt_local(next_at, tz)}. You'll get a group message with your partner, "
                "who plays interviewer first, three questions and a short script."
            ),
            Note(f"{count} member{'s' if count != 1 else ''} opted in so far."),
            Buttons((Button("Status", "pair status"), Button("Leave", "pair off"))),
        ),
        summary="Weekly pairing on",
    )


def pair_off(was_in: bool) -> Reply:
    """The member left the weekly pairing (or was not in it)."""
    text = "You're out of the weekly pairing." if was_in else "You're not in the weekly pairing."
    return Reply((Paragraph(text), Note("Join any time: `/prep pair on`")), summary=text)


def pair_status(
    opted: bool, planned: datetime | None, view: GroupView | None, tz: str, count: int
) -> Reply:
    """Opted in or not, the next round, and the latest group."""
    lines = ["You're *in* the weekly pairing." if opted else "You're *not* in the weekly pairing."]
    if planned is not None:
        lines.append(f"Next round: {fmt_local(planned, tz)}.")
    blocks: list[Block] = [Paragraph(" ".join(lines))]
    if view is not None:
        role = ("You play interviewer first.", "You answer first.", "You answer second.")[
            min(view.you, 2)
        ]
        others = [name for i, name in enumerate(view.names) if i != view.you]
        met = {True: " You met.", False: " You didn't meet.", None: ""}[view.met]
        blocks.append(Paragraph(f"Round {view.round.week}: with {names_text(others)}. {role}{met}"))
    blocks.append(Note(f"{count} member{'s' if count != 1 else ''} opted in."))
    button = Button("Leave", "pair off") if opted else Button("Join", "pair on", style="primary")
    blocks.append(Buttons((button,)))
    return Reply(tuple(blocks), summary="Weekly pairing: " + ("in" if opted else "out"))


def pair_schedule(
    community: Community, zone: str, next_at: datetime | None, resumed: str | None
) -> Reply:
    """When the weekly round runs now."""
    day = DAY_NAMES[community.pairing_weekday]
    blocks: list[Block] = [
        Paragraph(
            f"Weekly pairing runs every *{day}* at *{community.pairing_time}* ({literal(zone)})."
        )
    ]
    if next_at is None:
        blocks.append(Note("Nobody has opted in yet: members join with `/prep pair on`."))
    else:
        blocks.append(Note(f"Next round: {fmt_local(next_at, zone)} ({literal(zone)})."))
    if resumed:
        blocks.append(
            Note(f"Community posts were paused ({literal(resumed)}); they are back on now.")
        )
    return Reply(tuple(blocks), summary=f"Weekly pairing on {day} at {community.pairing_time}")


def pair_met(view: GroupView, met: bool) -> Reply:
    """Thanks for the check-in answer."""
    if met:
        text = (
            "Great, thanks for telling me. Jot down the one piece of feedback you want to act "
            "on, and turn your best answer into a story: `/prep stories add <title>`."
        )
    else:
        text = "No problem: life happens. You're in next week's round unless you `/prep pair off`."
    return Reply((Paragraph(text), Note(f"Round {view.round.week}.")), summary="Check-in saved")


def digest(on: bool, planned: datetime | None, tz: str) -> Reply:
    """The weekly digest's setting."""
    if not on:
        return Reply(
            (
                Paragraph("The weekly digest is *off*."),
                Note("Turn it back on: `/prep digest on`"),
            ),
            summary="Weekly digest off",
        )
    lines = ["The weekly digest is *on*: your week in practice, every Sunday at 18:00."]
    if planned is not None:
        lines.append(f"Next one: {fmt_local(planned, tz)}.")
    return Reply(
        (Paragraph(" ".join(lines)), Buttons((Button("Turn off", "digest off"),))),
        summary="Weekly digest on",
    )


def admin_stats(stats: CommunityStats) -> Reply:
    """Aggregate numbers: counts over the community, never one member's data."""
    pairing = "no round yet"
    if stats.latest_week is not None:
        pairing = (
            f"{stats.groups} group{'s' if stats.groups != 1 else ''} in {stats.latest_week}; "
            f"{stats.met} of {stats.answered_checkins} check-in answers said they met"
        )
    return Reply(
        (
            Header("Community practice: the last 7 days"),
            Fields(
                (
                    ("Members using prepbot", str(stats.members)),
                    ("Members practising", str(stats.practising)),
                    ("Answers", str(stats.answers)),
                    ("Members with the daily DM", str(stats.daily_on)),
                    ("Question-of-the-day channels", str(stats.channels)),
                    ("Thread answers", str(stats.thread_answers)),
                    ("Opted in to pairing", str(stats.opted_in)),
                    ("Latest pairing round", pairing),
                )
            ),
            Note("Aggregate numbers only: prepbot never shows an admin anyone's own practice."),
        ),
        summary="Community practice stats",
    )
