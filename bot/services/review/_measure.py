"""A measurable result: a number tied to an outcome, not any digit.

A number counts when it carries a percentage or money sign, when a word for a change
("cut", "grew", "faster") sits within a few words of it, or when it has a unit of
impact ("4 days", "300 customers") where the result is told. Years ("in 2019") and lone
digits ("banana 42") do not count; the member is told which number fell short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.content import MeasureRules
from bot.services._phrases import Phrase, compile_list, words_of

_NUMBER = re.compile(r"\d[\d.,]*(?:%|k|m|x|ms|s|h|hrs?|pc)?")
_MONEY = re.compile(r"[$€£¥]\s?\d|\d\s?(?:€|eur|usd|gbp)\b")
_PERCENT = re.compile(r"\d\s?%|\d\s?(?:percent|per cent)\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_RESULT_ZONE = re.compile(
    r"\b(as a result|result(ed|s)?|outcome|in the end|ultimately|eventually|finally|so that)\b"
)


@dataclass(frozen=True)
class Measure:
    """`quote` is the number and its words when measurable; `stray` a number that is not."""

    measurable: bool
    quote: str | None = None
    stray: str | None = None


def _is_number(word: str, rules: MeasureRules) -> bool:
    return bool(_NUMBER.fullmatch(word)) or word in rules.number_words


def _near(words: list[str], index: int, phrases: tuple[Phrase, ...], window: int) -> int | None:
    low, high = max(0, index - window), min(len(words), index + window + 1)
    for at in range(low, high):
        if at != index and any(p.matches_at(words, at) for p in phrases):
            return at
    return None


def _in_sentence(sentence: str, rules: MeasureRules) -> Measure:
    lowered = sentence.lower()
    for found in (_PERCENT.search(lowered), _MONEY.search(lowered)):
        if found:
            # A few whole words either side, so the quote reads as the member wrote it;
            # from the start of the number's word (the match begins at its last digit).
            start = found.start()
            while start > 0 and not lowered[start - 1].isspace():
                start -= 1
            before = lowered[:start].split()[-4:]
            after = lowered[start:].split()[:3]
            return Measure(True, quote=" ".join(before + after).strip(" .,;:!?"))
    words = words_of(sentence)
    outcomes = compile_list(rules.outcome_words)
    units = compile_list(rules.units)
    stray = None
    for index, word in enumerate(words):
        if not _is_number(word, rules):
            continue
        previous = words[index - 1] if index else ""
        if _YEAR.fullmatch(word) and (previous in rules.year_words or not previous):
            continue
        near = _near(words, index, outcomes, rules.window)
        if near is not None:
            low, high = min(index, near), max(index, near)
            return Measure(True, quote=" ".join(words[low : high + 1]))
        if any(p.matches_at(words, index + 1) for p in units):
            return Measure(False, stray=" ".join(words[index : index + 2]))
        stray = stray or word
    return Measure(False, stray=stray)


def find_measure(text: str, rules: MeasureRules) -> Measure:
    """Whether the answer's result has a number tied to an outcome."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    zone = {i for i, s in enumerate(sentences) if _RESULT_ZONE.search(s.lower())}
    zone |= set(range(max(0, len(sentences) - 2), len(sentences)))
    found = [_in_sentence(sentence, rules) for sentence in sentences]
    tied = next((f for f in found if f.measurable), None)
    if tied is not None:
        return tied
    for index, one in enumerate(found):
        if one.stray and " " in one.stray and index in zone:
            # A number with its unit where the result is told ("zero outages").
            return Measure(True, quote=one.stray)
    return Measure(False, stray=next((f.stray for f in found if f.stray), None))
