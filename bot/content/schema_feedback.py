"""The declared schema of `feedback.yaml`: the rules `/prep answer` reads an answer by.

Word lists, thresholds and per-category hints live in content so a coach can tune them;
this spec keeps every one of them typed and bounded. Cross-record rules (one entry per
category, min below max) are in `_feedback_checks.py`.
"""

from __future__ import annotations

import re

from bot.content._spec import Field, ListOf, Number, Record, Text, opt, slug

#: How a category's answers are shaped; `ask` questions are asked, not answered.
STRUCTURES: tuple[str, ...] = ("star", "plan", "view", "ask")

# Lower-case words or phrases; a word ending in `*` is a stem ("think* outside the box").
_WORD = r"(?:(?![A-Z])[\w%'’.-])+\*?"
_PHRASE = re.compile(rf"{_WORD}(?: {_WORD})*")
_PHRASE_HINT = "lower-case words, each optionally ending in * (a stem)"
HINT_LIMIT = 300


def phrases(min_items: int = 1) -> ListOf:
    """Return the spec of a list of lower-case words or phrases."""
    return ListOf(Text(60, _PHRASE, _PHRASE_HINT), min_items)


def share() -> Number:
    """Return the spec of a share between 0 and 1."""
    return Number(0, 1)


LANGUAGE = Record(
    "language", {"label": Field(Text(40)), "words": Field(phrases(10))}
)  # fmt: skip
CLICHE = Record(
    "cliche",
    {"phrase": Field(Text(60, _PHRASE, _PHRASE_HINT)), "instead": Field(Text(150))},
)
LENGTH = Record(
    "length",
    {
        "min_words": Field(Number(10, 1000, integer=True)),
        "max_words": Field(Number(20, 2000, integer=True)),
        "spoken": Field(Text(40)),
    },
)
CATEGORY_COACHING = Record(
    "category coaching",
    {
        "id": Field(slug()),
        "structure": Field(Text(10, re.compile("|".join(STRUCTURES)), " or ".join(STRUCTURES))),
        "length": opt(LENGTH),
        "topic": opt(Text(80)),
        "keywords": opt(phrases()),
        "hint": Field(Text(HINT_LIMIT)),
        "tips": Field(ListOf(Text(HINT_LIMIT), 1)),
    },
)
FEEDBACK = Record(
    "feedback file",
    {
        "words_per_minute": Field(Number(80, 250, integer=True)),
        "fit_min_words": Field(Number(0, 500, integer=True)),
        "reading": Field(
            Record(
                "reading rules",
                {
                    "min_words": Field(Number(1, 200, integer=True)),
                    "min_common_share": Field(share()),
                    "max_repeat_share": Field(share()),
                    "common_words": Field(phrases(50)),
                    "other_language_share": Field(share()),
                    "other_languages": Field(ListOf(LANGUAGE)),
                    "other_script_share": Field(share()),
                },
            )
        ),
        "wording": Field(
            Record(
                "wording rules",
                {
                    "fillers": Field(phrases()),
                    "pause_fillers": Field(phrases(0)),
                    "hedges": Field(phrases()),
                    "cliches": Field(ListOf(CLICHE, 1)),
                    "per_hundred_flag": Field(Number(0, 100)),
                },
            )
        ),
        "measure": Field(
            Record(
                "measure rules",
                {
                    "window": Field(Number(1, 20, integer=True)),
                    "units": Field(phrases()),
                    "outcome_words": Field(phrases()),
                    "number_words": Field(phrases()),
                    "year_words": Field(phrases(0)),
                },
            )
        ),
        "categories": Field(ListOf(CATEGORY_COACHING, 1)),
    },
)
