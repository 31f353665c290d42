"""Answer feedback as a `Reply`: every check in one line, each saying what it found.

Member words are quoted back through `literal`, so an answer full of markup or mentions
can never format or ping anything when its fillers or numbers are shown.
"""

from __future__ import annotations

from bot.content import ContentLibrary
from bot.replies import Block, Fields, Paragraph, literal
from bot.services.review import Review, quote_counts

_MISSING = {
    "situation": "not found: a sentence on where you were and what was going on",
    "task": "not found: what you had to achieve, and why it mattered",
    "action": 'not found: what *you* did ("I decided...", "I built...")',
    "result": "not found: how it ended",
}
_KIND = {"star": "story", "plan": "scenario", "view": "answer"}


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _length(review: Review, label: str) -> str:
    seconds = review.seconds
    spoken = f"{review.words} words, about {seconds // 60}:{seconds % 60:02d} spoken"
    aim = f"{review.target.spoken} for a {label.lower()} question"
    if review.length == "short":
        return f"{spoken}: short; aim for {aim}"
    if review.length == "long":
        return f"{spoken}: long; aim for {aim}"
    return f"{spoken}: right for {aim}"


def _fit(review: Review) -> str | None:
    fit = review.fit
    if not fit.checked:
        return None
    if fit.hypothetical:
        return 'hypothetical: it says what you "would" do, and tells no past action'
    if fit.on_topic:
        if not fit.hits:
            return "yes"
        return "on topic: mentions " + ", ".join(f'"{literal(h)}"' for h in fit.hits)
    looked = f" (such as {', '.join(fit.looked_for)})" if fit.looked_for else ""
    return (
        f"drifts: the question is about {review.coaching.topic}, but I found none of the "
        f"words that usually tell one{looked}"
    )


def _measure(review: Review) -> str:
    found = review.measure
    if found.measurable and found.quote:
        return f'yes: "{literal(found.quote)}"'
    if found.stray:
        return f'a number ("{literal(found.stray)}"), but not tied to an outcome yet'
    return "no number tied to an outcome yet (%, time, money, people)"


def feedback_fields(review: Review, content: ContentLibrary) -> Fields:
    """One line per check; STAR lines only where the question wants a story."""
    items: list[tuple[str, str]] = []
    label = content.categories[review.coaching.id].label
    if review.star is not None:
        items += [
            (part.capitalize(), "found" if found else _MISSING[part])
            for part, found in review.star.parts.items()
        ]
    fit = _fit(review)
    if fit is not None:
        items.append(("Fits the question", fit))
    items.append(("Length", _length(review, label)))
    if review.star is not None:
        items.append(("Measurable result", _measure(review)))
    wording = review.wording
    items.append(("Filler", literal(quote_counts(wording.fillers)) or "none found"))
    items.append(("Hedges", literal(quote_counts(wording.hedges)) or "none found"))
    if wording.cliches:
        items.append(
            (
                "Cliches",
                "; ".join(
                    f'"{c.phrase.replace("*", "")}": {c.instead}' for c in wording.cliches[:3]
                ),
            )
        )
    if review.star is not None:
        items.append(
            ("I / we", f'"I" {_times(review.star.i_count)}, "we" {_times(review.star.we_count)}')
        )
    return Fields(tuple(items))


def hint_blocks(review: Review) -> list[Block]:
    """The category's own way to answer, for questions that are not STAR stories."""
    if review.star is not None:
        return []
    kind = _KIND.get(review.coaching.structure, "answer")
    tips = " ".join(review.coaching.tips)
    return [Paragraph(f"*How this kind of {kind} works:* {review.coaching.hint} {tips}")]


def review_blocks(review: Review, content: ContentLibrary) -> list[Block]:
    """The body of the feedback: the checks and next step, or why it is not an answer."""
    if review.not_an_answer is not None:
        where = "For this question" if review.question else "How to answer"
        return [
            Paragraph(f"*Not an answer yet.* {review.not_an_answer.explanation}"),
            Paragraph(f"*{where}:* {review.coaching.hint}"),
        ]
    return [
        feedback_fields(review, content),
        *hint_blocks(review),
        Paragraph(f"*Next step:* {review.next_step}"),
    ]
