"""Does the answer answer the question asked? Its category's and themes' words say.

A conflict question wants a conflict: if none of the words that usually tell one
("disagreed", "pushback", "tension") appear, the answer has probably drifted. A story
question answered with "I would..." and no past action is hypothetical. Both are
pointed out with what was looked for, so the member can judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.content import CategoryCoaching, ContentLibrary, Question
from bot.services._phrases import compile_list, first_hits

_WOULD = re.compile(r"\b(would|i'd|we'd|could|should)\b")


@dataclass(frozen=True)
class Fit:
    """`checked` is False when there was no question to check against."""

    checked: bool
    on_topic: bool = True
    hits: tuple[str, ...] = ()
    looked_for: tuple[str, ...] = ()
    hypothetical: bool = False


def check_fit(
    words: list[str],
    text: str,
    question: Question | None,
    coaching: CategoryCoaching | None,
    content: ContentLibrary,
    *,
    has_action: bool,
) -> Fit:
    """How well the answer matches the question's category and themes."""
    if question is None or coaching is None or coaching.structure == "ask":
        return Fit(checked=False)
    entries = list(coaching.keywords)
    for theme in question.themes:
        if theme in content.story_themes:
            entries += content.story_themes[theme].stems
    hypothetical = coaching.is_story and not has_action and len(_WOULD.findall(text.lower())) >= 2
    if not entries:
        return Fit(checked=True, hypothetical=hypothetical, on_topic=not hypothetical)
    hits = tuple(first_hits(words, compile_list(entries)))
    # Examples to show: whole words, and stems long enough to read as one ("disagree").
    shown = tuple(
        e.rstrip("*") for e in coaching.keywords if len(e.rstrip("*")) >= (5 if "*" in e else 4)
    )[:5]
    return Fit(
        checked=True,
        on_topic=bool(hits) and not hypothetical,
        hits=hits,
        looked_for=shown,
        hypothetical=hypothetical,
    )
