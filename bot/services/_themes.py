"""Which second-round themes a STAR story covers, from the words in its title and text.

Deterministic keyword stems per theme id (the ids of `content.story_themes`): a story
"covers" a theme when one of its words starts with one of the theme's stems. Crude on
purpose: it runs with no external service, and its only job is to point out gaps
("no failure story yet"), which a member can judge at a glance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

THEME_STEMS: Mapping[str, tuple[str, ...]] = {
    "pressure": (
        "pressure", "deadline", "urgent", "crisis", "outage", "incident", "emergenc",
        "rush", "overnight", "tight", "slipp", "stress", "escalat", "firefight", "last-minute",
        "crunch", "overload", "workload", "backlog", "time-critical",
    ),
    "leadership-collaboration": (
        "led", "lead", "mentor", "coach", "coordinat", "collaborat", "cross-functional",
        "stakeholder", "influenc", "align", "together", "teamwork", "organis", "organiz",
        "onboard", "delegat", "rallied", "persuad", "partner", "initiative",
    ),
    "failure": (
        "fail", "mistake", "wrong", "lost", "missed", "lesson", "learned", "learnt",
        "setback", "regret", "broke", "misjudg", "postmortem", "post-mortem",
        "retrospective", "underestimat",
    ),
    "conflict": (
        "conflict", "disagree", "pushback", "push-back", "pushed back", "argu", "tension",
        "dispute", "friction", "negotiat", "compromis", "objection", "clash", "difficult",
        "frustrat", "upset", "complain",
    ),
    "role-skills": (
        "built", "build", "design", "analy", "data", "code", "coding", "shipped", "ship",
        "launch", "migrat", "automat", "optimi", "improv", "sql", "python", "model",
        "dashboard", "report", "research", "sales", "revenue", "customer", "product",
        "system", "process", "budget", "forecast", "pipeline", "test", "deploy", "feature",
        "refactor", "campaign", "contract", "roadmap", "present",
    ),
}  # fmt: skip

_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def classify(text: str, theme_ids: Iterable[str] | None = None) -> list[str]:
    """The theme ids whose stems appear in `text`, in the order of `theme_ids`.

    Stems with a space ("pushed back") match the phrase; others match word starts, so
    "led" matches "led" but "lead" also catches "leading" and "leadership".
    """
    lowered = text.lower().replace("’", "'")
    words = _WORD.findall(lowered)
    spaced = " " + " ".join(words) + " "
    found: list[str] = []
    for theme in theme_ids if theme_ids is not None else THEME_STEMS:
        stems = THEME_STEMS.get(theme, ())
        for stem in stems:
            if " " in stem:
                hit = f" {stem} " in spaced
            elif stem == "led":  # "led" alone: stem-matching would also catch "ledger"
                hit = "led" in words
            else:
                hit = any(word.startswith(stem) for word in words)
            if hit:
                found.append(theme)
                break
    return found
