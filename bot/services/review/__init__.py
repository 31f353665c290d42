"""Answer review: reads an answer against the question asked and the rules in content.

`review_answer` is pure and deterministic: the same text, question and rules always give
the same review, and each finding carries the words it was based on. The rules
(thresholds, word lists, per-category hints) are `feedback.yaml` in the content packs.
"""

from __future__ import annotations

from dataclasses import replace

from bot.content import CategoryCoaching, ContentLibrary, Length, Question
from bot.services._phrases import words_of
from bot.services.review._advice import next_step
from bot.services.review._fit import Fit, check_fit
from bot.services.review._measure import Measure, find_measure
from bot.services.review._model import Review
from bot.services.review._reading import NotAnAnswer, read
from bot.services.review._wording import Wording, quote_counts, read_wording
from bot.services.star import analyse

#: The coaching used when no question was asked (or it left the packs): a story.
DEFAULT_CATEGORY = "behavioural"
#: Ask-questions have no answer length; a generic one keeps the maths defined.
_ASK_LENGTH = Length(60, 300, "1-2 minutes")

__all__ = ["Fit", "Measure", "NotAnAnswer", "Review", "Wording", "quote_counts", "review_answer"]


def _coaching(question: Question | None, content: ContentLibrary) -> CategoryCoaching:
    rules = content.feedback
    if rules is None:  # the loader always builds it; a library without it is a bug
        raise RuntimeError("content library has no feedback rules")
    category = question.category if question is not None else DEFAULT_CATEGORY
    return rules.categories.get(category) or rules.categories[DEFAULT_CATEGORY]


def review_answer(text: str, question: Question | None, content: ContentLibrary) -> Review:
    """Review one answer to `question` (None: no question asked yet)."""
    rules = content.feedback
    coaching = _coaching(question, content)
    assert rules is not None  # _coaching checked
    target = coaching.length or _ASK_LENGTH
    words = words_of(text)
    count = sum(1 for w in words if any(ch.isalpha() for ch in w))
    seconds = round(len(words) * 60 / rules.words_per_minute)
    length = "short" if count < target.min_words else "long" if count > target.max_words else "ok"
    star = analyse(text)
    review = Review(
        question=question,
        coaching=coaching,
        words=len(words),
        seconds=seconds,
        not_an_answer=read(words, text, rules.reading, target),
        target=target,
        length=length,
        star=star if coaching.is_story else None,
        measure=find_measure(text, rules.measure),
        wording=read_wording(words, text, rules.wording),
        fit=check_fit(
            words,
            text,
            question if count >= rules.fit_min_words else None,
            coaching,
            content,
            has_action=star.parts["action"],
        ),
        flag_at=rules.wording.per_hundred_flag,
    )
    if not review.scored:
        return review
    return replace(review, next_step=next_step(review))
