"""The sample-answer table: what each kind of answer must and must not be told."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.content import default_library
from bot.handlers.answer_feedback import review_blocks
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.services.review import review_answer
from tests.bot.services.review.samples import SAMPLES, Sample


def feedback_text(sample: Sample) -> str:
    content = default_library()
    question = content.question(sample.question) if sample.question else None
    review = review_answer(sample.text, question, content)
    return render_plain(Reply(tuple(review_blocks(review, content))))


def test_the_table_covers_every_kind():
    """At least 40 samples, with every kind the issue names represented."""
    kinds = Counter(s.kind for s in SAMPLES)
    assert len(SAMPLES) >= 40
    for kind in ("good", "weak", "rambling", "off-topic", "nonsense", "non-english"):
        assert kinds[kind] >= 5, kind


@pytest.mark.parametrize(
    "sample", SAMPLES, ids=[f"{i:02d}-{s.kind}-{s.question}" for i, s in enumerate(SAMPLES)]
)
def test_sample_answer_feedback(sample: Sample):
    """Each sample's feedback says what it must and nothing it must not."""
    text = feedback_text(sample)
    lowered = text.lower()
    for fragment in sample.must:
        assert fragment.lower() in lowered, f"missing {fragment!r} in:\n{text}"
    for fragment in sample.must_not:
        assert fragment.lower() not in lowered, f"unwanted {fragment!r} in:\n{text}"


@pytest.mark.parametrize("sample", SAMPLES[:10])
def test_feedback_is_deterministic(sample: Sample):
    """The same answer always gets the same feedback."""
    assert feedback_text(sample) == feedback_text(sample)
