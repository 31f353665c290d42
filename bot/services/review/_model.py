"""What a review of one answer found (built by `review_answer`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.content import CategoryCoaching, Length, Question
from bot.services.review._fit import Fit
from bot.services.review._measure import Measure
from bot.services.review._reading import NotAnAnswer
from bot.services.review._wording import Wording
from bot.services.star import StarFeedback


@dataclass(frozen=True)
class Review:
    """Every check on one answer, and the single next step (empty for a non-answer)."""

    question: Question | None
    coaching: CategoryCoaching
    words: int
    seconds: int
    not_an_answer: NotAnAnswer | None
    target: Length
    length: str  # "short", "ok" or "long" against `target`
    star: StarFeedback | None  # only for questions answered as STAR stories
    measure: Measure
    wording: Wording
    fit: Fit
    flag_at: float
    next_step: str = ""

    @property
    def filler_per_hundred(self) -> float:
        """Fillers and hedges per 100 words."""
        return 100 * self.wording.filler_total / max(self.words, 1)

    @property
    def scored(self) -> bool:
        """Tell whether the text read as an answer and was reviewed."""
        return self.not_an_answer is None
