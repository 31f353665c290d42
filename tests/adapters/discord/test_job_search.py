"""The job search on Discord: `settings`, `thanks note`, and mailto link buttons."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.discord.forms import DAY_LABEL, START_LABEL
from adapters.discord.views import build_view
from bot.replies import email_button
from tests.adapters.discord.payloads import option
from tests.fakes.discord_api import message_problems

FORM = {
    DAY_LABEL: "2026-03-05",
    START_LABEL: "10:00",
    "Company": "Acme",
    "Job title (optional)": "Data Analyst",
    "Interviewers: Name (role), Name (role)": "Dana Lee (hiring manager, dana.lee@acme.com)",
}


async def _add_interview(harness) -> None:
    opened = await harness.command("interview", replies=False)
    added = await harness.submit(opened.callback.body["data"], FORM)
    assert not added.is_error, added.text


def _links(message: dict) -> list[dict]:
    rows = message.get("components") or []
    return [b for row in rows for b in row["components"] if b.get("style") == 5]


async def test_settings_spells_name_and_nudges(harness):
    """`/prep settings name Maria` is `name Maria`; `settings nudges off` is `nudges off`."""
    named = await harness.command(
        "settings", [option("setting", "name"), option("value", "Maria Garcia")]
    )
    assert not named.is_error and "Maria Garcia" in named.text
    off = await harness.command("settings", [option("setting", "nudges"), option("value", "off")])
    assert not off.is_error and "Off" in off.text
    status = await harness.command("settings", [option("setting", "nudges")])
    assert "Off" in status.text


async def test_a_note_fills_the_draft_and_the_email_is_a_link_button(harness, clock):
    """`thanks note` via the option; the drafts carry a link button within 512 characters."""
    await _add_interview(harness)
    clock.set(datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    noted = await harness.command("thanks", [option("note", "Dana the data team split")])
    assert not noted.is_error, noted.text
    shown = await harness.command("thanks", [option("interview", "acme")])
    assert "conversation about the data team split" in shown.text
    [message] = shown.messages
    assert message_problems(message) == []
    [link] = _links(message)
    assert link["label"] == "Email Dana Lee" and link["url"].startswith("mailto:dana.lee@acme.com")
    assert len(link["url"]) <= 512  # the whole note is longer: the subject alone is filled
    assert "Discord allows 512 characters" in shown.text


def test_a_link_over_512_characters_is_the_subject_alone_or_left_out():
    """Discord caps a link button's url at 512: subject only, else no button."""

    view = build_view([email_button("Email Dana", "dana@acme.com", "Thanks", "x " * 400)])
    assert view is not None
    [item] = view.children
    assert getattr(item, "url", None) == "mailto:dana@acme.com?subject=Thanks"
    assert build_view([email_button("Email Dana", "dana@acme.com", "T" * 600, "x")]) is None
