"""Typed answer-feedback rules, as read from `feedback.yaml`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Length:
    """The length a category's answers should have, in words and as spoken time."""

    min_words: int
    max_words: int
    spoken: str


@dataclass(frozen=True)
class CategoryCoaching:
    """How one question category is answered, and the hints the bot gives for it.

    `structure` is star, plan, view or ask (asked of an interviewer: nothing to score).
    """

    id: str
    structure: str
    hint: str
    tips: tuple[str, ...]
    length: Length | None = None
    topic: str | None = None
    keywords: tuple[str, ...] = ()

    @property
    def is_story(self) -> bool:
        """Tell whether answers are told as STAR stories."""
        return self.structure == "star"


@dataclass(frozen=True)
class Language:
    """Another language's everyday words, to tell an answer in it from noise."""

    label: str
    words: frozenset[str]


@dataclass(frozen=True)
class ReadingRules:
    """When an answer is not an answer yet."""

    min_words: int
    min_common_share: float
    max_repeat_share: float
    common_words: frozenset[str]
    other_language_share: float
    other_languages: tuple[Language, ...]
    other_script_share: float


@dataclass(frozen=True)
class Cliche:
    """A stock phrase, and what to say instead."""

    phrase: str
    instead: str


@dataclass(frozen=True)
class WordingRules:
    """Filler, hedges and cliches."""

    fillers: tuple[str, ...]
    pause_fillers: tuple[str, ...]
    hedges: tuple[str, ...]
    cliches: tuple[Cliche, ...]
    per_hundred_flag: float


@dataclass(frozen=True)
class MeasureRules:
    """What makes a number a measurable result."""

    window: int
    units: tuple[str, ...]
    outcome_words: tuple[str, ...]
    number_words: frozenset[str]
    year_words: frozenset[str]


@dataclass(frozen=True)
class FeedbackRules:
    """Everything `/prep answer` reads an answer by."""

    words_per_minute: int
    fit_min_words: int
    reading: ReadingRules
    wording: WordingRules
    measure: MeasureRules
    categories: Mapping[str, CategoryCoaching]
