"""Authorization: nobody reads, changes or deletes another member's data, by any route.

One member (the owner) fills every part of prepbot with data only they should see.
Then other identities try everything: every command that takes an id, with the owner's
ids; every button the owner was ever shown (a button is a `/prep` line run as the
presser); Slack button payloads pressed by someone else, tampered with or replayed
late; Discord buttons from the owner's DMs; the same user id in another workspace,
guild or platform. After each attempt the owner's rows are exactly as they were and
no reply carries a word of theirs. Admin-only commands are refused server-side.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from adapters.slack import modal
from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.db.engine import Database
from bot.db.models import (
    Application,
    Community,
    Interview,
    Member,
    PairingGroup,
    PairingGroupMember,
    PairingRound,
    Reminder,
    Story,
)
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.services.community import ADMIN_ONLY
from bot.services.privacy import owned_rows
from tests.adapters.discord.helpers import Harness
from tests.adapters.discord.payloads import GUILD_ID, button_press, message_with
from tests.adapters.slack.blockkit import buttons, plain
from tests.adapters.slack.conftest import ANA, BEN, SlackHarness
from tests.bot.services.test_interviews_support import run_due
from tests.fakes.slack_api import (
    TEAM_ID,
    block_actions,
    event_callback,
    interaction,
    signed_headers,
    slash_command,
)
from tests.reliability.helpers import FIGURES
from tests.reliability.strategies import HOSTILE

# Words only the owner ever typed: any of them in another identity's reply is a leak.
SECRETS = (
    "Zyxcorp",
    "Quill Vantablack",
    "Ophelia Marchbanks",
    "Grimsby rescue",
    "ring the recruiter zq",
    "nudge Ophelia about offers",
    "Marmalade pipeline",
    "Quorvex",
)
OWNER_LINES = (
    "tz Europe/Berlin",
    "question",
    "answer At Grimsby I led the Marmalade pipeline fix under pressure; errors fell 40%.",
    "stories add Grimsby rescue",
    "interview 2026-03-09 14:00 Zyxcorp as Data Lead with Quill Vantablack (hiring manager), "
    "Ophelia Marchbanks (peer)",
    "remind tomorrow 9am ring the recruiter zq",
    "followup 2026-03-20 nudge Ophelia about offers",
    "apply Quorvex as Data Lead via a referral",
    "daily on 08:00",
    "pair on",
    "digest off",
)
SLACK_TEAM, OTHER_TEAM = "T0FAKE001", "T0OTHER02"
OWNER = Actor("slack", "U0ANA0001", SLACK_TEAM, display_name="Ana", channel_id="C0GENERAL")
INTRUDERS = {
    "another member, same workspace": Actor("slack", "U0BEN0002", SLACK_TEAM, "Ben", "C0GENERAL"),
    "the same user id, another workspace": Actor("slack", "U0ANA0001", OTHER_TEAM, "Ana"),
    "the same user id, another platform": Actor("discord", "U0ANA0001", SLACK_TEAM, "Ana"),
    "the same user id on the console": Actor("console", "U0ANA0001", "", "Ana"),
    "a workspace admin": Actor("slack", "U0ADM0003", SLACK_TEAM, "Adm", "C0GENERAL", True),
}


def _text(reply: Reply) -> str:
    return render_plain(reply) + (reply.attachment.content if reply.attachment else "")


def _leaks(reply: Reply, line: str) -> list[str]:
    """The owner's words in a reply that the line itself did not bring (a button like
    "Save as a story" carries the owner's own text in its command)."""
    text, typed = _text(reply).lower(), line.lower()
    return [s for s in SECRETS if s.lower() in text and s.lower() not in typed]


async def _snapshot(db: Database, member_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row naming the member (privacy's own walk over all tables), comparable."""
    async with db.session() as session:
        found = await owned_rows(session, member_id)
    return {name: owned.rows for name, owned in found.items()}


async def _owner_id(db: Database) -> int:
    async with db.session() as session:
        member_id = await session.scalar(
            select(Member.id).where(
                Member.platform == OWNER.platform,
                Member.team_id == OWNER.team_id,
                Member.external_id == OWNER.user_id,
            )
        )
    assert member_id is not None
    return member_id


class Owner:
    """The owner's ids, the buttons they were shown, and how to check nothing changed."""

    def __init__(self, db: Database, member_id: int, ids: dict[str, str], buttons: set[str]):
        self.db = db
        self.member_id = member_id
        self.ids = ids
        self.buttons = buttons
        self.before: dict[str, list[dict[str, Any]]] = {}

    async def freeze(self) -> None:
        self.before = await _snapshot(self.db, self.member_id)
        tables = ("interviews", "reminders", "stories", "answers", "applications")
        assert all(self.before[t] for t in tables)

    async def assert_untouched(self) -> None:
        assert await _snapshot(self.db, self.member_id) == self.before

    def lines(self) -> list[str]:
        """Every id-taking command with the owner's ids, and every button they saw."""
        i, r, f, s = (self.ids[k] for k in ("interview", "reminder", "followup", "story"))
        a = self.ids["application"]
        typed = [
            f"outcome {a} rejected",
            f"outcome #{a} offer",
            f"outcome {i} withdrawn",
            "outcome Zyxcorp rejected",
            "outcome Quorvex next-round",
            "outcome Q accepted",
            "applications",
            f"stories show {s}",
            f"stories delete {s}",
            f"stories {s}",
            f"reminders cancel {r}",
            f"reminders done {r}",
            f"reminders snooze {r} 1h",
            f"reminders cancel {f}",
            f"thanks {i}",
            f"interviews cancel {i}",
            f"interview cancel {i}",
            f"thanks sent all {i}",
            f"thanks sent Quill Vantablack {i}",
            f"followup in 10 days #{i} note",
            f"followup 2026-03-25 #{i}",
            # The owner's interview by company, where an id is taken.
            "thanks Zyxcorp",
            "thanks zyx",
            "interviews cancel Zyxcorp",
            "followup in 3 days #Zyxcorp",
            f"thanks note #{i} Quill the roadmap",
            "thanks note #Zyxcorp Quill the roadmap",
            "thanks sent all #Zyxcorp",
            "name Mallory Jones",
            "nudges off",
            "pair met 2026-W10 yes",
            "interviews",
            "reminders",
            "stories",
            "thanks",
            "privacy export",
            "privacy delete confirm",
        ]
        # A button that carries the owner's own words ("Save as a story: <answer>") can
        # only be pressed by someone shown the owner's message; left out here, since
        # running it would put those words into the presser's own data.
        shown_to_owner_only = {b for b in self.buttons if any(s in b for s in SECRETS)}
        return typed + sorted(self.buttons - shown_to_owner_only)


@pytest.fixture
async def owner(db: Database, clock: VirtualClock) -> Owner:
    """The owner, with an interview, reminder, follow-up, story, answer, pairing group."""
    bot = PrepBot(db, clock=clock)
    seen: set[str] = set()
    for line in OWNER_LINES:
        reply = await bot.handle_text(OWNER, line)
        assert not reply.is_error, (line, render_plain(reply))
        seen |= {b.command for b in reply.buttons}
    member_id = await _owner_id(db)
    async with db.session() as session:
        ids = {
            "interview": await session.scalar(select(Interview.short_id)),
            "reminder": await session.scalar(
                select(Reminder.short_id).where(Reminder.kind == "reminder")
            ),
            "followup": await session.scalar(
                select(Reminder.short_id).where(Reminder.kind == "followup")
            ),
            "story": await session.scalar(select(Story.short_id)),
            "application": await session.scalar(
                select(Application.short_id).where(Application.company == "Quorvex")
            ),
        }
        community = await session.scalar(
            select(Community).where(Community.platform == "slack", Community.team_id == SLACK_TEAM)
        )
        assert community is not None
        round_ = PairingRound(
            community_id=community.id,
            week="2026-W10",
            run_at=clock.now(),
            checkin_at=clock.now() + timedelta(days=3),
        )
        session.add(round_)
        await session.flush()
        group = PairingGroup(round_id=round_.id, position=0, question_ids=["q1"])
        session.add(group)
        await session.flush()
        session.add(PairingGroupMember(group_id=group.id, member_id=member_id, position=0))
    for line in (f"thanks {ids['interview']}", f"reminders snooze {ids['reminder']} 1h"):
        seen |= {b.command for b in (await bot.handle_text(OWNER, line)).buttons}
    # The buttons of the owner's DMs: the reminder itself, the thank-you drafts.
    after = datetime(2026, 3, 9, 16, 0, tzinfo=UTC)  # the interview was at 13:00 UTC
    for kind, at in (("reminder", clock.now() + timedelta(days=2)), ("thank_you", after)):
        for ran in await run_due(db, clock, kind, at):
            if ran.reply is not None:
                seen |= {b.command for b in ran.reply.buttons}
    assert any(ids["interview"] in c for c in seen) and any(ids["reminder"] in c for c in seen)
    found = Owner(db, member_id, {k: str(v) for k, v in ids.items()}, seen)
    await found.freeze()
    return found


@pytest.mark.parametrize("who", sorted(INTRUDERS))
async def test_nobody_else_can_use_the_owners_ids_or_buttons(
    db: Database, clock: VirtualClock, owner: Owner, who: str
) -> None:
    """Others running the owner's ids and buttons read nothing of theirs and change nothing."""
    bot = PrepBot(db, clock=clock)
    intruder = INTRUDERS[who]
    for line in owner.lines():
        FIGURES.fuzz_cases["authorization attempts"] += 1
        reply = await bot.handle_text(intruder, line)
        assert not _leaks(reply, line), (who, line, _leaks(reply, line))
        await owner.assert_untouched()


AUTH_FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@AUTH_FUZZ
@given(data=st.data())
async def test_mangled_lines_with_the_owners_ids_never_reach_their_data(
    db: Database, clock: VirtualClock, owner: Owner, data: Any
) -> None:
    """Mangled lines carrying the owner's ids, run by anyone else, never reach the owner's data."""
    FIGURES.fuzz_cases["authorization attempts"] += 1
    bot = PrepBot(db, clock=clock)
    line = data.draw(st.sampled_from(owner.lines()), label="line")
    words = line.split()
    how = data.draw(st.sampled_from(["upper", "hash", "append", "swap", "as is"]), label="how")
    if how == "upper":
        line = line.upper()
    elif how == "hash":
        line = " ".join(f"#{w}" if w in owner.ids.values() else w for w in words)
    elif how == "append":
        line = f"{line} {data.draw(st.sampled_from(HOSTILE))}"
    elif how == "swap" and len(words) > 1:
        words[data.draw(st.integers(1, len(words) - 1))] = data.draw(st.sampled_from(HOSTILE))
        line = " ".join(words)
    intruder = INTRUDERS[data.draw(st.sampled_from(sorted(INTRUDERS)), label="who")]
    reply = await bot.handle_text(intruder, line)
    assert not _leaks(reply, line), (line, _leaks(reply, line))
    await owner.assert_untouched()


async def test_each_identity_sees_only_its_own_data(db: Database, clock: VirtualClock) -> None:
    """The same user id in two workspaces, on two platforms, is four separate members."""
    bot = PrepBot(db, clock=clock)
    places = [
        Actor("slack", "U0SAME001", "T0ONE0001"),
        Actor("slack", "U0SAME001", "T0TWO0002"),
        Actor("discord", "U0SAME001", "T0ONE0001"),
        Actor("console", "U0SAME001"),
    ]
    for n, actor in enumerate(places):
        await bot.handle_text(actor, f"stories add Place number {n} story")
    for n, actor in enumerate(places):
        shown = render_plain(await bot.handle_text(actor, "stories"))
        assert f"Place number {n} story" in shown
        assert [m for m in range(len(places)) if f"Place number {m} story" in shown] == [n]
        exported = json.loads((await bot.handle_text(actor, "privacy export")).attachment.content)
        [me] = exported["tables"]["members"]
        assert (me["platform"], me["team_id"]) == (actor.platform, actor.team_id)
        assert len(exported["tables"]["stories"]) == 1


# --- admin-only actions, server-side ---

ADMIN_LINES = ("channel daily 10:00", "channel off", "pair schedule monday 10:00", "admin stats")


@pytest.mark.parametrize("line", ADMIN_LINES)
async def test_admin_commands_are_refused_to_members_whatever_they_type(
    db: Database, clock: VirtualClock, line: str
) -> None:
    """Admin commands are refused to members on every platform and work for an admin."""
    bot = PrepBot(db, clock=clock)
    for platform in ("slack", "discord", "console"):
        member = Actor(platform, "U0MEM0001", SLACK_TEAM, "Mem", channel_id="C0GENERAL")
        refused = await bot.handle_text(member, line)
        assert refused.is_error and ADMIN_ONLY.split(":")[0] in render_plain(refused)
    async with db.session() as session:
        assert await session.scalar(select(Community.pairing_time)) in (None, "10:00")
    admin = Actor("slack", "U0ADM0001", SLACK_TEAM, "Adm", channel_id="C0GENERAL", is_admin=True)
    assert not (await bot.handle_text(admin, line)).is_error


async def test_slack_admin_comes_from_the_profile_not_the_request(slack: SlackHarness) -> None:
    """On Slack only a workspace admin or owner (per users.info) passes the admin check."""
    member = await slack.command("admin stats", user=BEN)
    assert ADMIN_ONLY.split(":")[0] in plain(member.blocks)
    slack.fake.add_user("U0BOSS001", name="Boss", tz="UTC", is_owner=True)
    boss = await slack.command("admin stats", user="U0BOSS001")
    assert ADMIN_ONLY.split(":")[0] not in plain(boss.blocks) and boss.messages


async def test_discord_admin_needs_manage_server_in_that_server(harness: Harness) -> None:
    """On Discord only Manage Server in that server passes the admin check, never a DM."""
    member = await harness.command("admin")
    assert member.is_error and ADMIN_ONLY.split(":")[0] in member.text
    admin = await harness.command("admin", admin=True)
    assert not admin.is_error
    custom_id = f"prep@{GUILD_ID}:admin stats"
    message = message_with(
        [{"type": 1, "components": [{"type": 2, "style": 2, "label": "x", "custom_id": custom_id}]}]
    )
    in_dm = await harness.dispatch(button_press(custom_id, message, **harness.who(in_dm=True)))
    assert in_dm.is_error and ADMIN_ONLY.split(":")[0] in in_dm.text


# --- platform payloads: pressed by someone else, tampered with, replayed ---


async def _slack_member_rows(slack: SlackHarness, user: str) -> dict[str, list[dict[str, Any]]]:
    async with slack.bot.db.session() as session:
        member_id = await session.scalar(
            select(Member.id).where(Member.platform == "slack", Member.external_id == user)
        )
    assert member_id is not None
    return await _snapshot(slack.bot.db, member_id)


async def test_slack_buttons_pressed_by_another_member_act_only_for_them(
    slack: SlackHarness,
) -> None:
    """Ana's Slack buttons pressed by Ben act for Ben only and never show Ana's data."""
    await slack.command("interview 2026-03-09 14:00 Zyxcorp with Quill Vantablack (peer)")
    await slack.command("remind tomorrow 9am ring the recruiter zq")
    await slack.command("stories add Grimsby rescue")
    shown = [await slack.command(line) for line in ("thanks", "interviews", "stories", "reminders")]
    before = await _slack_member_rows(slack, ANA)
    pressed = 0
    for answer in shown:
        for button in buttons(answer.blocks):
            FIGURES.fuzz_cases["authorization attempts"] += 1
            reply = await slack.press(button, user=BEN)
            text = "\n".join(plain(m.get("blocks") or []) for m in reply.messages)
            assert not [s for s in SECRETS if s in text], (button["value"], text)
            pressed += 1
    assert pressed >= 3
    assert await _slack_member_rows(slack, ANA) == before


async def test_slack_payload_with_another_user_id_or_replayed_late_is_refused(
    slack: SlackHarness,
) -> None:
    """A signed press edited to another user, or replayed after 5 minutes, gets 401."""
    reply = await slack.command("stories add Grimsby rescue")
    button = next(b for b in buttons(reply.blocks))
    payload = block_actions(
        button,
        user_id=ANA,
        response_url=slack.fake.response_url("replay"),
        container={"type": "message", "message_ts": "1.1", "channel_id": "C0GENERAL"},
    )
    body = interaction(payload)
    headers = {**signed_headers(body)}
    forged = body.replace(ANA, BEN)
    response = await slack.http.post("/slack/events", data=forged, headers=headers)
    assert response.status == 401
    late = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    response = await slack.http.post("/slack/events", data=body, headers=late)
    assert response.status == 401
    await slack.fake.quiet(0.2)
    assert not [c for c in slack.fake.calls_to("response_url") if c.path.endswith("/replay")]


async def test_slack_form_submission_acts_only_for_the_submitter(slack: SlackHarness) -> None:
    """The interview form submitted by Ben saves Ben's interview; Ana's data is untouched."""
    await slack.command("stories add Grimsby rescue")
    before = await _slack_member_rows(slack, ANA)
    values = {
        modal.COMPANY: {"value": {"type": "plain_text_input", "value": "Benco"}},
        modal.DATE: {"value": {"type": "datepicker", "selected_date": "2026-03-09"}},
        modal.TIME: {"value": {"type": "timepicker", "selected_time": "14:00"}},
    }
    status, _ = await slack.submit(modal.interview_view("C0GENERAL"), values, user=BEN)
    assert status == 200
    assert await _slack_member_rows(slack, ANA) == before
    assert (await _slack_member_rows(slack, BEN))["interviews"][0]["company"] == "Benco"


async def test_slack_same_user_in_two_workspaces_is_two_members(slack: SlackHarness) -> None:
    """A slash command from another workspace (same user id) never sees the first one's."""
    await slack.command("stories add Grimsby rescue")
    hook = "otherteam"
    body = slash_command(
        "stories",
        user_id=ANA,
        response_url=slack.fake.response_url(hook),
        team_id=OTHER_TEAM,
    )
    answer = await slack._answer(body, hook)
    assert answer.messages and "Grimsby rescue" not in plain(answer.blocks)
    assert OTHER_TEAM != TEAM_ID


async def test_discord_dm_buttons_pressed_by_another_user_act_only_for_them(
    harness: Harness, prep: PrepBot
) -> None:
    """A DM button of Ana's pressed by someone else, in a DM or the server, acts for them."""
    ana = Actor("discord", str(harness.user_id), str(GUILD_ID), "Ana")
    await prep.handle_text(ana, "stories add Grimsby rescue")
    async with prep.db.session() as session:
        story_id = await session.scalar(select(Story.short_id))
        ana_id = await session.scalar(
            select(Member.id).where(Member.external_id == str(harness.user_id))
        )
    before = await _snapshot(prep.db, ana_id)
    for line in (f"stories show {story_id}", "privacy delete confirm", "stories"):
        custom_id = f"prep@{GUILD_ID}:{line}"
        message = message_with(
            [
                {
                    "type": 1,
                    "components": [{"type": 2, "style": 2, "label": "x", "custom_id": custom_id}],
                }
            ]
        )
        for in_dm in (True, False):
            who = harness.who(in_dm=in_dm, user_id=harness.user_id + 1, username="mallory")
            exchange = await harness.dispatch(button_press(custom_id, message, **who))
            assert "Grimsby rescue" not in exchange.text
    assert await _snapshot(prep.db, ana_id) == before


async def test_discord_same_user_in_two_guilds_is_two_members(
    harness: Harness, prep: PrepBot
) -> None:
    """The same Discord user in another guild does not see the first guild's stories."""
    ana = Actor("discord", str(harness.user_id), "1180000000000000999", "Ana")
    await prep.handle_text(ana, "stories add Grimsby rescue")
    exchange = await harness.command("stories")
    assert "Grimsby rescue" not in exchange.text and "0 of the" in exchange.text


# --- Slack request signatures on every kind of request (slash commands: test_http.py) ---


def _interaction_body() -> tuple[str, str]:
    button = {"action_id": "prep:cmd:1", "text": {"type": "plain_text", "text": "x"}}
    payload = block_actions(
        {**button, "value": "privacy delete confirm"},
        user_id=ANA,
        response_url="https://hooks.slack.invalid/x",
        container={"type": "message", "message_ts": "1.1", "channel_id": "C0GENERAL"},
    )
    return interaction(payload), "application/x-www-form-urlencoded"


def _event_body() -> tuple[str, str]:
    event = {"type": "app_uninstalled", "event_ts": "1.1"}
    return event_callback(event), "application/json"


@pytest.mark.parametrize("kind", ["interaction", "event"])
@pytest.mark.parametrize("fault", ["missing", "wrong secret", "stale", "tampered"])
async def test_slack_refuses_unverified_interactions_and_events(
    slack: SlackHarness, kind: str, fault: str
) -> None:
    """Unsigned, mis-signed, stale or tampered presses and events get 401 and change nothing."""
    await slack.command("stories add Grimsby rescue")
    before = await _slack_member_rows(slack, ANA)
    body, content_type = _interaction_body() if kind == "interaction" else _event_body()
    headers = {**signed_headers(body), "Content-Type": content_type}
    if fault == "missing":
        headers = {"Content-Type": content_type}
    elif fault == "wrong secret":
        headers = {**signed_headers(body, secret="not-the-secret"), "Content-Type": content_type}
    elif fault == "stale":
        stamp = int(time.time()) - 5 * 60 - 30
        headers = {**signed_headers(body, timestamp=stamp), "Content-Type": content_type}
    else:
        body = body.replace("app_uninstalled", "app_home_opened").replace("privacy", "stories")
    response = await slack.http.post("/slack/events", data=body.encode(), headers=headers)
    assert response.status == 401
    await slack.fake.quiet(0.1)
    assert await _slack_member_rows(slack, ANA) == before
