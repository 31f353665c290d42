"""How pairing messages read: the channel announcement, a group's opener, the check-in.

Rendering reads only the payload (names, questions and the script were copied into it
when the delivery was planned), so a resend says exactly what the first attempt said.
Names are member text and always go through `literal`.
"""

from __future__ import annotations

from typing import Any

from bot.replies import Block, BulletList, Button, Buttons, Header, Note, Paragraph, Reply, literal


def names_text(names: list[str]) -> str:
    """`ana`, `ana and ben`, `ana, ben and chen`: member names, escaped."""
    shown = [literal(name) for name in names]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def render_round(payload: dict[str, Any]) -> Reply:
    """The channel announcement: counts only, never who is paired with whom."""
    groups = payload.get("groups", [])
    trios = sum(1 for group in groups if len(group["members"]) == 3)
    pairs = len(groups) - trios
    parts = [f"{pairs} pair{'s' if pairs != 1 else ''}"] if pairs else []
    if trios:
        parts.append("one group of three")
    shape = " and ".join(parts)
    return Reply(
        (
            Header("This week's practice pairs are ready"),
            Paragraph(
                f"{payload['members']} members are practising mock interviews this week: "
                f"{shape}. Look for a group message with your partner, three questions "
                "and a short script."
            ),
            Note(f"Want a partner next week? `/prep pair on`. Round {payload['week']}."),
            Buttons((Button("Pair me next week", "pair on", style="primary"),)),
        ),
        summary=f"Practice pairs for {payload['week']} are ready",
        private=False,
    )


def render_group(payload: dict[str, Any]) -> Reply:
    """A group's first message: who asks first, three questions, and the script."""
    names = list(payload["names"])
    script = payload.get("script") or {}
    kind = "group of three" if len(names) >= 3 else "pair"
    keys = ("first", "second", "third")
    blocks: list[Block] = [
        Header(script.get("title", "Your mock interview this week")),
        Paragraph(f"{names_text(names)}: you are this week's practice {kind}."),
    ]
    roles = script.get("trio_roles" if len(names) >= 3 else "pair_roles")
    if roles:
        values = {key: literal(name) for key, name in zip(keys, names, strict=False)}
        blocks.append(Paragraph(roles.format_map(values)))
    blocks.append(Paragraph("*Your three questions*"))
    blocks.append(BulletList(tuple(q["text"] for q in payload["questions"]), ordered=True))
    if script.get("intro"):
        blocks.append(Paragraph(script["intro"]))
    if script.get("steps"):
        blocks += [Paragraph("*How to run it*"), BulletList(tuple(script["steps"]))]
    if script.get("feedback"):
        blocks += [Paragraph("*Feedback that helps*"), BulletList(tuple(script["feedback"]))]
    blocks.append(
        Note(f"I'll ask on {payload['checkin_local']} whether you met. Round {payload['week']}.")
    )
    blocks.append(
        Buttons(
            (
                Button("STAR stories guide", "second-round stories"),
                Button("Stop pairing me", "pair off"),
            )
        )
    )
    return Reply(
        tuple(blocks), summary=f"Your practice {kind} for {payload['week']}", private=False
    )


def render_checkin(payload: dict[str, Any]) -> Reply:
    """Did you meet? Yes or no, as buttons that run `pair met <week> yes|no`."""
    week = payload["week"]
    partners = names_text(list(payload["partners"])) or "your practice partner"
    return Reply(
        (
            Header("Did you meet?"),
            Paragraph(f"Did you meet {partners} for your mock interview this week?"),
            Note("Either way you are in next week's round; `/prep pair off` to stop."),
            Buttons(
                (
                    Button("Yes, we met", f"pair met {week} yes", style="primary"),
                    Button("Not this time", f"pair met {week} no"),
                )
            ),
        ),
        summary=f"Did you meet your practice partner? (round {week})",
    )
