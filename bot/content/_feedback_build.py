"""Build the typed `FeedbackRules` from a validated `feedback.yaml`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from bot.content._feedback_models import (
    CategoryCoaching,
    Cliche,
    FeedbackRules,
    Language,
    Length,
    MeasureRules,
    ReadingRules,
    WordingRules,
)


def _words(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in raw.get(key, ()))


def _category(raw: Mapping[str, Any]) -> CategoryCoaching:
    length = raw.get("length")
    return CategoryCoaching(
        id=str(raw["id"]).strip(),
        structure=str(raw["structure"]).strip(),
        hint=str(raw["hint"]).strip(),
        tips=_words(raw, "tips"),
        length=Length(int(length["min_words"]), int(length["max_words"]), str(length["spoken"]))
        if length
        else None,
        topic=str(raw["topic"]).strip() if "topic" in raw else None,
        keywords=_words(raw, "keywords"),
    )


def build_feedback(doc: Mapping[str, Any]) -> FeedbackRules:
    """The rules of one checked feedback file."""
    reading, wording, measure = doc["reading"], doc["wording"], doc["measure"]
    return FeedbackRules(
        words_per_minute=int(doc["words_per_minute"]),
        fit_min_words=int(doc["fit_min_words"]),
        reading=ReadingRules(
            min_words=int(reading["min_words"]),
            min_common_share=float(reading["min_common_share"]),
            max_repeat_share=float(reading["max_repeat_share"]),
            common_words=frozenset(_words(reading, "common_words")),
            other_language_share=float(reading["other_language_share"]),
            other_languages=tuple(
                Language(str(lang["label"]), frozenset(_words(lang, "words")))
                for lang in reading["other_languages"]
            ),
            other_script_share=float(reading["other_script_share"]),
        ),
        wording=WordingRules(
            fillers=_words(wording, "fillers"),
            pause_fillers=_words(wording, "pause_fillers"),
            hedges=_words(wording, "hedges"),
            cliches=tuple(
                Cliche(str(c["phrase"]).strip(), str(c["instead"]).strip())
                for c in wording["cliches"]
            ),
            per_hundred_flag=float(wording["per_hundred_flag"]),
        ),
        measure=MeasureRules(
            window=int(measure["window"]),
            units=_words(measure, "units"),
            outcome_words=_words(measure, "outcome_words"),
            number_words=frozenset(_words(measure, "number_words")),
            year_words=frozenset(_words(measure, "year_words")),
        ),
        categories=MappingProxyType({c.id: c for c in map(_category, doc["categories"])}),
    )
